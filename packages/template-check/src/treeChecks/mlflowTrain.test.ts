import { run } from '../lib/exec';
import {
  failures,
  goldenTree,
  goldenWithDefect,
  runTreeCheck,
} from '../__testUtils__/goldens';
import {
  cloudBuildPushedImages,
  mlflowTrainCheck,
  readmeTrainCommands,
} from './mlflowTrain';
import { STANDINS_DIR } from '../lib/pythonProject';
import { debianPython } from '../lib/debianPython';

jest.setTimeout(120_000);

const python = debianPython();

function messages(rows: { message?: string }[]): string {
  return rows.map(r => r.message).join('\n---\n');
}

describe('mlflowTrainCheck', () => {
  it.each([
    ['ml-project', 'minimal'],
    ['ml-project', 'maximal'],
    ['ml-project', 'long-name'],
    ['distributed-training', 'minimal'],
  ])(
    'passes on the %s/%s golden: make train and the README run',
    async (t, f) => {
      const rows = await runTreeCheck(mlflowTrainCheck, await goldenTree(t, f));
      expect(failures(rows)).toEqual([]);
      // default run + the README's multi-override run, each trained once
      const trained = rows.filter(
        r => r.file === 'trainer.py' && r.status === 'pass',
      );
      expect(trained).toHaveLength(2);
      expect(messages(trained)).toContain(
        "trainer.py 'optimizer.lr=0.01 trainer.epochs=20'",
      );
    },
  );

  // Defect 2 (issue 8): the MLproject image is built only by the cloudbuild generator.
  it('fails when make train does not build and push the MLproject image', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'minimal',
      'Makefile',
      'train: push ##',
      'train: ##',
    );
    const failed = failures(await runTreeCheck(mlflowTrainCheck, tree));
    expect(failed.map(r => r.file)).toContain('Makefile');
    expect(messages(failed)).toMatch(
      /make train.* fails .*manifest for europe-west4-docker\.pkg\.dev\/acme-fraud-42\/fraud-detection\/fraud-detection:latest not found/s,
    );
  });

  it('fails when docker has no Artifact Registry login (gcloud auth configure-docker)', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'minimal',
      'Makefile',
      'push: image registry-login',
      'push: image',
    );
    const failed = failures(await runTreeCheck(mlflowTrainCheck, tree));
    expect(messages(failed)).toContain(
      'run `gcloud auth configure-docker europe-west4-docker.pkg.dev` first',
    );
  });

  it('fails when pyproject.toml does not declare the kubernetes client', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'minimal',
      'pyproject.toml',
      /\s+"kubernetes>=\d+",/,
      '',
    );
    const failed = failures(await runTreeCheck(mlflowTrainCheck, tree));
    expect(failed).toEqual([
      expect.objectContaining({
        file: 'pyproject.toml',
        message: expect.stringContaining(
          '[project].dependencies install mlflow but not the `kubernetes` client',
        ),
      }),
    ]);
  });

  // Defect 3: the job's env ends with the client's localhost tracking URI.
  it('fails when the job would log to the port-forwarded localhost MLflow', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'minimal',
      'Makefile',
      /^export KUBE_MLFLOW_TRACKING_URI.*\n/m,
      '',
    );
    const failed = failures(await runTreeCheck(mlflowTrainCheck, tree));
    const envRows = failed.filter(
      r => r.file === 'mlflow/kubernetes_job_template.yaml',
    );
    expect(envRows).toHaveLength(2);
    expect(envRows[0].message).toContain(
      'the training job would log to http://localhost:5000, not to the in-cluster MLflow http://mlflow.mlflow.svc.cluster.local:5000',
    );
    expect(envRows[0].message).toContain('KUBE_MLFLOW_TRACKING_URI');
    // and the trainer, run with that env, really logs there
    expect(messages(failed.filter(r => r.file === 'trainer.py'))).toContain(
      'logged to http://localhost:5000 (a local URI)',
    );
  });

  // Defect 4: MLflow's quoted {overrides} reach Hydra as '' and 'a=1 b=2'.
  it('fails when the trainer hands MLflow-quoted overrides to Hydra', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'minimal',
      'trainer.py',
      /if __name__ == "__main__":\n[\s\S]*$/,
      'if __name__ == "__main__":\n    main()\n',
    );
    const failed = failures(await runTreeCheck(mlflowTrainCheck, tree));
    expect(failed.map(r => r.file)).toEqual(['trainer.py', 'trainer.py']);
    expect(failed[0].message).toContain(
      "Error when parsing index: 0, string: '' out of",
    );
    expect(failed[1].message).toContain(
      "Error when parsing index: 0, string: 'optimizer.lr=0.01 trainer.epochs=20' out of",
    );
  });

  it('reads the README make train lines and the images Cloud Build pushes', async () => {
    expect(
      readmeTrainCommands(
        'make train   # x\nmake train ARGS="-P a=1"  # y\n  make train ARGS="-P a=1"\nmake test',
      ),
    ).toEqual(['make train ARGS="-P a=1"']);
    const cloudbuild = (await goldenTree('cloudbuild', 'minimal'))
      .get('cloudbuild.yaml')!
      .toString('utf8');
    expect(cloudBuildPushedImages(cloudbuild)).toContain(
      'europe-west4-docker.pkg.dev/acme-fraud-42/fraud-detection/fraud-detection:latest',
    );
  });
});

describe('the MLflow / Hydra / docker / gcloud stand-ins', () => {
  it('pass their unit tests (cases from the upstream test suites)', async () => {
    const result = await run(
      python,
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'],
      {
        cwd: STANDINS_DIR,
        env: { PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
    expect(`${result.stdout}${result.stderr}`).toMatch(/\d+ passed/);
    expect(result.code).toBe(0);
  });
});
