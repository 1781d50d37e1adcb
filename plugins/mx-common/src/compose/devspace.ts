import { deployment } from './devspaceDeployments';
import { ComposeState, deploymentNames, projectDomain } from './types';

/** The file name of the devspace config at the repository root. */
export const DEVSPACE_FILE = 'devspace.yaml';

const RANDOM_TOKEN = `"$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"`;

const isModel = (n: string) => n.startsWith('model-');

/** devspace deployment keys: `istio` installs three charts, `cvat` a chart and its routes. */
function deploymentKeys(names: string[]): string[] {
  return names.flatMap(n => {
    if (n === 'istio') return ['istio-base', 'istio', 'istio-ingressgateway'];
    if (n === 'cvat') return ['cvat', 'cvat-routes'];
    return [n];
  });
}

/** Deployment keys in dependency order: CRDs and operators before what uses them. */
function stagesOf(keys: string[]): string[][] {
  const stages: string[][] = [[], [], [], [], []];
  for (const k of keys) {
    if (
      [
        'cuda-drivers',
        'training-infrastructure',
        'training-operator',
        'istio-base',
      ].includes(k)
    ) {
      stages[0].push(k);
    } else if (k === 'istio' || k === 'seldon-core') stages[1].push(k);
    else if (k === 'istio-ingressgateway') stages[2].push(k);
    else if (k === 'cvat-routes') stages[4].push(k);
    else stages[3].push(k);
  }
  return stages.filter(s => s.length > 0);
}

function stageLine(k: string): string {
  if (k === 'istio-base' || k === 'istio-ingressgateway') {
    return `      if wants istio || wants ${k}; then stage="$stage ${k}"; fi`;
  }
  if (k === 'cvat-routes') {
    return '      if wants cvat || wants cvat-routes; then stage="$stage cvat-routes"; fi';
  }
  if (k === 'streamlit-app') {
    return '      if wants streamlit-app; then build_images streamlit-app; stage="$stage streamlit-app"; fi';
  }
  if (isModel(k)) {
    return `      if wants ${k}; then webhook_ready models infrastructure/kubernetes/${k}/; stage="$stage ${k}"; fi`;
  }
  return `      if wants ${k}; then stage="$stage ${k}"; fi`;
}

function deployPipeline(names: string[]): string[] {
  const keys = deploymentKeys(names);
  const has = (n: string) => names.includes(n);
  const out = [
    '  # `devspace deploy` creates every deployment; `devspace deploy --deployments a,b` only those.',
    '  # Deployments go in dependency order (CRDs and operators before what uses them).',
    '  deploy:',
    '    flags:',
    '      - name: deployments',
    '        description: Deployments to create (default all); repeat the flag or separate names with commas',
    '        type: stringArray',
    '    run: |-',
    `      selected=" $(echo "$(get_flag deployments)" | tr ',' ' ') "`,
    '      wants() {',
    '        if is_empty "$(get_flag deployments)"; then return 0; fi',
    '        case "$selected" in *" $1 "*) return 0 ;; esac',
    '        return 1',
    '      }',
    '      ensure_namespace() {',
    '        kubectl get namespace "$1" >/dev/null 2>&1 || kubectl create namespace "$1"',
    '      }',
  ];
  if (names.some(isModel)) {
    out.push(
      "      # Seldon's admission webhook must answer before a SeldonDeployment is applied; its manager",
      "      # has no readiness probe, so Helm's --wait can return a moment before it listens. A server",
      "      # dry run of the model's manifests passes once the webhook answers (5 minutes at most).",
      '      webhook_ready() {',
      '        tries=0',
      '        until kubectl --namespace "$1" apply --dry-run=server -f "$2" >/dev/null 2>&1; do',
      '          tries=$((tries + 1))',
      '          if [ "$tries" -ge 60 ]; then kubectl --namespace "$1" apply --dry-run=server -f "$2"; return 1; fi',
      '          sleep 5',
      '        done',
      '      }',
    );
  }
  out.push(
    `      for d in $(echo "$(get_flag deployments)" | tr ',' ' '); do`,
    `        case " ${keys.join(' ')} " in`,
    '          *" $d "*) ;;',
    `          *) echo "Unknown deployment '$d'; this project has: ${keys.join(
      ', ',
    )}" >&2; exit 1 ;;`,
    '        esac',
    '      done',
  );
  if (has('training-infrastructure')) {
    out.push(
      '      if wants training-infrastructure; then',
      '        ensure_namespace mlflow',
      `        kubectl --namespace mlflow get secret mlflow-postgres >/dev/null 2>&1 || kubectl --namespace mlflow create secret generic mlflow-postgres --from-literal=password=${RANDOM_TOKEN}`,
      '      fi',
    );
  }
  if (has('debug-pod')) {
    out.push(
      '      if wants debug-pod; then',
      '        ensure_namespace mlflow',
      `        kubectl --namespace mlflow get secret debug-pod-jupyter >/dev/null 2>&1 || kubectl --namespace mlflow create secret generic debug-pod-jupyter --from-literal=token=${RANDOM_TOKEN}`,
      '      fi',
    );
  }
  const namespaceLines: Array<[string, string]> = [
    [
      'istio',
      '      if wants istio || wants istio-base || wants istio-ingressgateway; then ensure_namespace istio-system; fi',
    ],
    [
      'seldon-core',
      '      if wants seldon-core; then ensure_namespace seldon-system; fi',
    ],
    [
      'cvat',
      '      if wants cvat || wants cvat-routes; then ensure_namespace cvat; fi',
    ],
    [
      'training-operator',
      '      if wants training-operator; then ensure_namespace kubeflow; fi',
    ],
    [
      'streamlit-app',
      '      if wants streamlit-app; then ensure_namespace apps; fi',
    ],
  ];
  for (const [n, line] of namespaceLines) if (has(n)) out.push(line);
  for (const n of names.filter(isModel)) {
    out.push(`      if wants ${n}; then ensure_namespace models; fi`);
  }
  for (const stage of stagesOf(keys)) {
    out.push('      stage=""', ...stage.map(stageLine));
    out.push(
      '      if ! is_empty "$stage"; then create_deployments $stage; fi',
    );
    if (stage.includes('training-operator')) {
      out.push(
        '      if wants training-operator; then kubectl --namespace kubeflow rollout status deployment/training-operator --timeout=10m; fi',
      );
    }
  }
  return out;
}

const DEBUG_POD_DEV_PIPELINE = [
  '',
  '  # `devspace dev`: start the JupyterLab debug pod, sync the repository into it (both ways) and',
  '  # forward JupyterLab to http://localhost:8888.',
  '  dev:',
  '    run: |-',
  '      kubectl get namespace mlflow >/dev/null 2>&1 || kubectl create namespace mlflow',
  `      kubectl --namespace mlflow get secret debug-pod-jupyter >/dev/null 2>&1 || kubectl --namespace mlflow create secret generic debug-pod-jupyter --from-literal=token=${RANDOM_TOKEN}`,
  '      create_deployments debug-pod',
  `      echo "JupyterLab token: $(kubectl --namespace mlflow get secret debug-pod-jupyter -o jsonpath='{.data.token}' | base64 -d)"`,
  '      start_dev debug-pod',
];

function debugPodDev(name: string): string[] {
  return [
    '',
    'dev:',
    '  debug-pod:',
    '    namespace: mlflow',
    '    labelSelector:',
    '      app.kubernetes.io/name: debug-pod',
    `      app.kubernetes.io/part-of: ${name}`,
    '    container: jupyter',
    '    sync:',
    '      - path: ./:/workspace',
    '        excludePaths:',
    ...[
      '.git/',
      '.devspace/',
      '.venv/',
      '.terraform/',
      '__pycache__/',
      'docs/_build/',
      'mlruns/',
      'outputs/',
      'multirun/',
    ].map(p => `          - ${p}`),
    '    ports:',
    '      - port: "8888"',
    '    open:',
    '      - url: http://localhost:8888/lab',
  ];
}

/**
 * The project's devspace.yaml (devspace v6 config, `version: v2beta1`), composed from the state's
 * deployments: one `devspace deploy` pipeline that creates them in dependency order (optionally
 * only those named with `--deployments`), and, with the debug pod, a `devspace dev` pipeline.
 */
export function composeDevspace(state: ComposeState): string {
  const { name, gcpProjectId, region } = state.project;
  const names = deploymentNames(state);
  const domain = projectDomain(state);
  const lines = [
    '# Managed by MX for Backstage: generators add their deployments here (edit with care; your edits',
    '# are kept and merged when a generator re-renders this file).',
    'version: v2beta1',
    `name: ${name}`,
    '',
    'vars:',
    `  GCP_PROJECT: ${gcpProjectId}`,
    `  REGION: ${region}`,
  ];
  if (names.includes('streamlit-app')) {
    lines.push(
      '',
      'images:',
      '  streamlit-app:',
      `    image: \${REGION}-docker.pkg.dev/\${GCP_PROJECT}/${name}/${name}-streamlit`,
      '    dockerfile: apps/streamlit/Dockerfile',
      '    context: apps/streamlit',
    );
  }
  lines.push('', 'pipelines:', ...deployPipeline(names));
  if (names.includes('debug-pod')) lines.push(...DEBUG_POD_DEV_PIPELINE);
  lines.push('', 'deployments:');
  for (const n of names) lines.push(...deployment(n, domain));
  if (names.includes('debug-pod')) lines.push(...debugPodDev(name));
  return `${lines.join('\n')}\n`;
}
