import { deriveNames } from './names';
import { ComposeState, deploymentNames, projectDomain } from './types';

/** The file name of the catalog entity at the repository root. */
export const CATALOG_INFO_FILE = 'catalog-info.yaml';

const json = (v: string) => JSON.stringify(v);

/** A link of the component: console pages and the project's own endpoints. */
interface Link {
  url: string;
  title: string;
  icon: string;
}

/**
 * The project's catalog-info.yaml: a `Component` of `spec.type: ml-project` with the MX
 * annotations the project page reads (GCP project and region, MLflow service, state path, domain,
 * endpoints) and links to the consoles and to what the applied generators serve.
 */
export function composeCatalogInfo(state: ComposeState): string {
  const { project } = state;
  const applied = state.generators ?? {};
  const names = deploymentNames(state);
  const domain = projectDomain(state);
  const { clientSlug, docsBucket } = deriveNames(project);
  const docsUrl = `https://storage.cloud.google.com/${docsBucket}/${project.name}/index.html`;
  const hasDocs = 'sphinx-docs' in applied;

  const endpoints: string[] = [];
  if (domain) {
    for (const n of names.filter(d => d.startsWith('model-'))) {
      const model = n.slice('model-'.length);
      endpoints.push(
        `Model ${model}=https://models.${domain}/${model}/v2/models/${model}/ready`,
      );
    }
    if (names.includes('cvat')) {
      endpoints.push(`CVAT labeling=https://labeling.${domain}/`);
    }
    if (names.includes('streamlit-app')) {
      endpoints.push(`Streamlit app=https://app.${domain}/`);
    }
  }
  if (hasDocs) endpoints.push(`Documentation=${docsUrl}`);

  const links: Link[] = [
    {
      url: `https://console.cloud.google.com/home/dashboard?project=${project.gcpProjectId}`,
      title: 'GCP console',
      icon: 'cloud',
    },
    {
      url: `https://console.cloud.google.com/kubernetes/list/overview?project=${project.gcpProjectId}`,
      title: 'GKE cluster',
      icon: 'dashboard',
    },
  ];
  if ('cloudbuild' in applied) {
    links.push({
      url: `https://console.cloud.google.com/cloud-build/builds;region=${project.region}?project=${project.gcpProjectId}`,
      title: 'Cloud Build',
      icon: 'dashboard',
    });
  }
  if (hasDocs)
    links.push({ url: docsUrl, title: 'Documentation', icon: 'docs' });
  if (domain && names.includes('cvat')) {
    links.push({
      url: `https://labeling.${domain}/`,
      title: 'CVAT labeling',
      icon: 'dashboard',
    });
  }
  if (domain && names.includes('streamlit-app')) {
    links.push({
      url: `https://app.${domain}/`,
      title: 'Streamlit app',
      icon: 'dashboard',
    });
  }

  const lines = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${json(project.name)}`,
    `  title: ${json(project.name)}`,
    `  description: ${json(
      project.description || `ML project for ${project.client}`,
    )}`,
    '  tags:',
    '    - ml-project',
    '    - mlflow',
    '    - gcp',
  ];
  if (clientSlug) {
    lines.push('  labels:', `    mx.backstage.io/client: ${json(clientSlug)}`);
  }
  lines.push(
    '  annotations:',
    `    mx.backstage.io/gcp-project: ${json(project.gcpProjectId)}`,
    `    mx.backstage.io/gcp-region: ${json(project.region)}`,
    '    mx.backstage.io/mlflow-service: mlflow/mlflow:5000',
    '    mx.backstage.io/state-path: .mx/state.yaml',
  );
  if (domain) lines.push(`    mx.backstage.io/domain: ${json(domain)}`);
  if (endpoints.length) {
    lines.push(
      '    mx.backstage.io/endpoints: |-',
      ...endpoints.map(e => `      ${e}`),
    );
  }
  lines.push('  links:');
  for (const l of links) {
    lines.push(
      `    - url: ${l.url}`,
      `      title: ${l.title}`,
      `      icon: ${l.icon}`,
    );
  }
  lines.push(
    'spec:',
    '  type: ml-project',
    '  lifecycle: experimental',
    `  owner: ${json(project.owner)}`,
  );
  return `${lines.join('\n')}\n`;
}
