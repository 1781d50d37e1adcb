import YAML from 'yaml';

// The everyday edits of the typical-edits scenario (typicalEdits.ts), each with how to see it kept.

export interface TypicalEdit {
  file: string;
  /** What the user does, in words (for the report). */
  title: string;
  edit: (text: string) => string;
  /** True when the user's edit is still in the file. */
  present: (text: string) => boolean;
}

function replaceOnce(text: string, search: string | RegExp, by: string) {
  const out = text.replace(search, by);
  if (out === text) {
    throw new Error(`typical edit: ${String(search)} not found in the file`);
  }
  return out;
}

/** Appends `lines` at the end of the block that starts with the line `header` (same indentation). */
function appendToBlock(text: string, header: string, lines: string): string {
  const all = text.split('\n');
  const start = all.indexOf(header);
  if (start < 0) throw new Error(`typical edit: no line '${header}'`);
  const depth = header.length - header.trimStart().length;
  let end = start + 1;
  while (
    end < all.length &&
    (all[end].trim() === '' ||
      all[end].length - all[end].trimStart().length > depth)
  ) {
    end++;
  }
  while (end > start + 1 && all[end - 1].trim() === '') end--;
  all.splice(end, 0, ...lines.replace(/\n$/, '').split('\n'));
  return all.join('\n');
}

const parse = (text: string) => YAML.parseAllDocuments(text).map(d => d.toJS());

/** Ten-plus everyday edits, as a user makes them in an editor. */
export const TYPICAL_EDITS: TypicalEdit[] = [
  {
    file: 'catalog-info.yaml',
    title: 'add a tag, with a comment',
    edit: t =>
      replaceOnce(
        t,
        '    - gcp\n',
        '    - gcp\n    - payments # our team tag\n',
      ),
    present: t => parse(t)[0].metadata.tags.includes('payments'),
  },
  {
    file: 'catalog-info.yaml',
    title: 'add a PagerDuty annotation at the end of the annotations',
    edit: t =>
      appendToBlock(
        t,
        '  annotations:',
        '    # pages the fraud on-call rotation\n    pagerduty.com/service-id: PX1234',
      ),
    present: t =>
      parse(t)[0].metadata.annotations['pagerduty.com/service-id'] === 'PX1234',
  },
  {
    file: 'catalog-info.yaml',
    title: 'add a link to the team wiki at the end of the links',
    edit: t =>
      appendToBlock(
        t,
        '  links:',
        '    - url: https://wiki.example.com/fraud\n      title: Team wiki\n      icon: docs',
      ),
    present: t =>
      parse(t)[0].metadata.links.some(
        (l: { url: string }) => l.url === 'https://wiki.example.com/fraud',
      ),
  },
  {
    file: 'catalog-info.yaml',
    title: 'change the lifecycle to production',
    edit: t =>
      replaceOnce(t, 'lifecycle: experimental', 'lifecycle: production'),
    present: t => parse(t)[0].spec.lifecycle === 'production',
  },
  {
    file: 'devspace.yaml',
    title: 'add a variable of their own',
    edit: t => appendToBlock(t, 'vars:', '  IMAGE_TAG: dev'),
    present: t => parse(t)[0].vars.IMAGE_TAG === 'dev',
  },
  {
    file: 'devspace.yaml',
    title: 'add a deployment of their own at the end',
    edit: t =>
      appendToBlock(
        t,
        'deployments:',
        '  # a notebook server for the team\n  jupyter:\n    namespace: notebooks\n    kubectl:\n      manifests:\n        - k8s/jupyter/',
      ),
    present: t => Boolean(parse(t)[0].deployments.jupyter),
  },
  {
    file: 'devspace.yaml',
    title: 're-indent the whole file with 4 spaces (an editor formatter)',
    edit: t => {
      const doc = YAML.parseDocument(t);
      return doc.toString({
        indent: 4,
        lineWidth: 0,
        flowCollectionPadding: false,
      });
    },
    present: t => /\n {4}IMAGE_TAG: dev\n/.test(t),
  },
  {
    file: 'cloudbuild.yaml',
    title: 'add a step of their own after the tests',
    edit: t =>
      replaceOnce(
        t,
        /(\n {2}- id: mx-lint\n)/,
        '\n  - id: smoke-test # ours: a quick import check\n    name: python:3.11-slim\n    entrypoint: python\n    args: [-c, "import fraud_detection"]$1',
      ),
    present: t =>
      parse(t)[0].steps.some((s: { id: string }) => s.id === 'smoke-test'),
  },
  {
    file: 'cloudbuild.yaml',
    title: 'raise the build timeout',
    edit: t => replaceOnce(t, 'timeout: 1800s', 'timeout: 3600s'),
    present: t => parse(t)[0].timeout === '3600s',
  },
  {
    file: 'cloudbuild.yaml',
    title: 'pick a bigger build machine',
    edit: t =>
      replaceOnce(t, 'options:\n', 'options:\n  machineType: E2_HIGHCPU_8\n'),
    present: t => parse(t)[0].options.machineType === 'E2_HIGHCPU_8',
  },
  {
    file: 'infrastructure/kubernetes/mlflow/mlflow.yaml',
    title: 'add an environment variable to the MLflow container',
    edit: t =>
      replaceOnce(
        t,
        '          env:\n',
        '          env:\n            - name: MLFLOW_LOGGING_LEVEL # debugging uploads\n              value: DEBUG\n',
      ),
    present: t =>
      parse(t)[0].spec.template.spec.containers[0].env.some(
        (e: { name: string }) => e.name === 'MLFLOW_LOGGING_LEVEL',
      ),
  },
  {
    file: 'infrastructure/kubernetes/mlflow/mlflow.yaml',
    title: 'give MLflow more memory',
    edit: t =>
      replaceOnce(
        t,
        '              memory: 2Gi\n',
        '              memory: 4Gi\n',
      ),
    present: t =>
      parse(t)[0].spec.template.spec.containers[0].resources.limits.memory ===
      '4Gi',
  },
];
