import {
  failures,
  goldenTree,
  goldenWithDefect,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { operatorReadiness } from './operatorReadiness';

const MODEL = 'model-fraud-scorer-v2';
const WAIT = `        version: 1.17.1
      # An operator: wait until its CRDs are established and its webhooks answer before the
      # deployments that use them are applied.
      upgradeArgs: ["--wait", "--timeout", "10m"]
`;

describe('operatorReadiness', () => {
  it.each([
    ['seldon-serving', 'maximal'],
    ['seldon-serving', 'minimal'],
    ['deployment-infrastructure', 'maximal'],
    ['cvat-labeling', 'maximal'],
  ])('passes on the %s %s golden', async (template, fixture) => {
    const rows = await runTreeCheck(
      operatorReadiness,
      await goldenTree(template, fixture),
    );
    expect(rows.map(r => [r.file, r.status])).toEqual([
      ['devspace.yaml', 'pass'],
    ]);
  });

  it('fails when the Seldon operator is not waited for (defect 11 put back)', async () => {
    const tree = withEdit(
      await goldenTree('seldon-serving', 'maximal'),
      'devspace.yaml',
      t =>
        replaceOnce(
          replaceOnce(t, WAIT, '        version: 1.17.1\n'),
          `webhook_ready models infrastructure/kubernetes/${MODEL}/; `,
          '',
        ),
    );
    const [row] = failures(await runTreeCheck(operatorReadiness, tree));
    expect(row.file).toBe('devspace.yaml');
    expect(row.message).toBe(
      `deployment ${MODEL} uses machinelearning.seldon.io from seldon-core, but nothing waits for seldon-core to be ready before ${MODEL} is applied (its CRDs established, its webhooks answering): add helm.upgradeArgs: ["--wait", "--timeout", "10m"]`,
    );
  });

  it('fails when the SeldonDeployment is created together with its operator', async () => {
    const tree = withEdit(
      await goldenTree('seldon-serving', 'maximal'),
      'devspace.yaml',
      t =>
        replaceOnce(
          replaceOnce(
            t,
            new RegExp(
              `\\n.*if wants ${MODEL}; then .*stage="\\$stage ${MODEL}"; fi`,
            ),
            '',
          ),
          '      if wants seldon-core; then stage="$stage seldon-core"; fi\n',
          `      if wants seldon-core; then stage="$stage seldon-core"; fi\n      if wants ${MODEL}; then stage="$stage ${MODEL}"; fi\n`,
        ),
    );
    const [row] = failures(await runTreeCheck(operatorReadiness, tree));
    expect(row.message).toContain(
      `creates ${MODEL} in the same create_deployments as seldon-core`,
    );
  });

  it('fails when a kubectl-installed operator is not waited for', async () => {
    // The training operator's webhook validates kubeflow.org kinds: a deployment applying a
    // PyTorchJob needs it ready (the rollout status line is what waits for it).
    const golden = await goldenTree('distributed-training', 'maximal');
    const job = golden
      .get('mlflow/pytorchjob_template.yaml')!
      .toString('utf8')
      .replaceAll('"{replaced with MLflow Project name}"', 'smoke');
    const devspace = replaceOnce(
      replaceOnce(
        golden.get('devspace.yaml')!.toString('utf8'),
        '\ndeployments:\n',
        '\ndeployments:\n  smoke:\n    kubectl:\n      manifests:\n        - infrastructure/kubernetes/smoke/\n',
      ),
      /(\n.*rollout status deployment\/training-operator.*\n)/,
      '$1      create_deployments smoke\n',
    );
    const withJob = (text: string) =>
      new Map([
        ...golden,
        ['infrastructure/kubernetes/smoke/job.yaml', Buffer.from(job)],
        ['devspace.yaml', Buffer.from(text)],
      ]);
    const ok = await runTreeCheck(operatorReadiness, withJob(devspace));
    expect(ok.map(r => r.status)).toEqual(['pass']);

    const broken = await runTreeCheck(
      operatorReadiness,
      withJob(
        replaceOnce(
          devspace,
          /\n.*rollout status deployment\/training-operator.*\n/,
          '\n',
        ),
      ),
    );
    expect(failures(broken)[0].message).toContain(
      'nothing waits for training-operator to be ready before smoke is applied',
    );
  });

  it('fails on an operator chart the kit does not know', async () => {
    const tree = await goldenWithDefect(
      'seldon-serving',
      'maximal',
      'devspace.yaml',
      'version: 1.17.1',
      'version: 1.18.0',
    );
    const [row] = failures(await runTreeCheck(operatorReadiness, tree));
    expect(row.message).toContain(
      'https://storage.googleapis.com/seldon-charts#seldon-core-operator@1.18.0, which the kit does not know',
    );
  });
});
