import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { debianPython } from '../lib/debianPython';
import { ExecResult, run } from '../lib/exec';
import { pythonStandInsDir, STANDINS_DIR } from '../lib/pythonProject';
import type { Tree } from '../lib/tree';
import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';

/**
 * `make train`, replayed the way MLflow's Kubernetes backend reads the project: the real `make`
 * runs the Makefile's `train` target (and what it depends on) with NAMED STAND-INS for `mlflow`,
 * `docker` and `gcloud` first on the PATH (`standins/`, Python, read from MLflow's and Hydra's
 * source: see standins/README.md). The mlflow stand-in formats the entry point's command and
 * builds the Kubernetes Job as MLflow does; the check then asserts that the job logs to the
 * in-cluster MLflow, that its image was pushed, that the `kubernetes` client MLflow imports is a
 * declared dependency, and runs the job's container command (the trainer, with the Hydra and
 * mlflow stand-ins) for one training step on CPU.
 *
 * Scenarios: `make train` and every `make train ARGS=...` line of the project's README.
 */

const VALIDATOR = 'mlflow run --backend kubernetes (stand-in)';
/** Overrides that keep a trainer run to one small step, added when the config has the key. */
const TINY_RUN: Record<string, number> = {
  'trainer.epochs': 1,
  'trainer.max_steps': 1,
  'data.n_samples': 64,
  'trainer.batch_size': 64,
};
const TIMEOUT_MS = 120_000;

/** Runs a program with exactly `env` (not merged with the kit's own environment). */
function exec(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<ExecResult> {
  return run(command, args, {
    cwd,
    env,
    inheritEnv: false,
    timeoutMs: TIMEOUT_MS,
  });
}

function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** The user's shell: the kit's PATH and HOME, nothing of MLflow's own variables. */
function baseEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.tmpdir(),
    LANG: 'C.UTF-8',
  };
}

/** `make train` lines of the README (the documented ways to start a training run). */
export function readmeTrainCommands(readme: string | undefined): string[] {
  if (!readme) return [];
  const lines = readme
    .split('\n')
    .map(l => l.trim().replace(/\s+#.*$/, ''))
    .filter(l => /^make train\s+\S/.test(l));
  return [...new Set(lines)];
}

/** Images a Cloud Build config pushes (`docker push`, `--all-tags`, `images:`). */
export function cloudBuildPushedImages(text: string | undefined): string[] {
  if (!text) return [];
  let doc: any;
  try {
    doc = YAML.parse(text);
  } catch {
    return [];
  }
  const built: string[] = [];
  const pushed: string[] = [];
  for (const step of doc?.steps ?? []) {
    const args: string[] = (step?.args ?? []).map(String);
    if (!String(step?.name ?? '').includes('docker')) continue;
    if (args[0] === 'build') {
      args.forEach((a, i) => {
        if ((a === '-t' || a === '--tag') && args[i + 1])
          built.push(args[i + 1]);
      });
    } else if (args[0] === 'push') {
      if (args[1] === '--all-tags' || args[1] === '-a') {
        pushed.push(...built.filter(b => b.split(':')[0] === args[2]));
      } else if (args[args.length - 1]) pushed.push(args[args.length - 1]);
    }
  }
  pushed.push(...((doc?.images as string[]) ?? []));
  return [...new Set(pushed)];
}

/** The dependency lists of pyproject.toml that install `mlflow` lack `kubernetes`? */
export function missingKubernetesClient(
  pyproject: string | undefined,
): string | undefined {
  if (!pyproject) return 'the project has no pyproject.toml';
  const doc = parseToml(pyproject) as any;
  const name = (req: string) =>
    req
      .trim()
      .split(/[\s<>=!~;[(]/)[0]
      .toLowerCase()
      .replace(/[-_.]+/g, '-');
  const lists: [string, string[]][] = [
    ['[project].dependencies', doc.project?.dependencies ?? []],
    ...Object.entries<string[]>(
      doc.project?.['optional-dependencies'] ?? {},
    ).map(([k, v]) => [`[project.optional-dependencies].${k}`, v] as any),
  ];
  const withMlflow = lists.filter(([, deps]) =>
    deps.some(d => name(d) === 'mlflow'),
  );
  if (withMlflow.length === 0)
    return 'no dependency list of pyproject.toml installs mlflow, which `make train` runs';
  if (withMlflow.some(([, deps]) => deps.some(d => name(d) === 'kubernetes')))
    return undefined;
  return (
    `${withMlflow
      .map(([k]) => k)
      .join(' and ')} install mlflow but not the \`kubernetes\` ` +
    'client: `mlflow run --backend kubernetes` imports it (mlflow/projects/kubernetes.py) and ' +
    'MLflow does not depend on it. Add "kubernetes" next to "mlflow".'
  );
}

/** Kubernetes: for repeated env names the last entry wins. */
function effectiveEnv(
  env: { name: string; value?: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env) out[e.name] = e.value ?? '';
  return out;
}

function isLocalUri(uri: string | undefined): boolean {
  // the client's port-forward, or a file store on the machine that ran `mlflow run`
  return !!uri && /^(file:|(https?:\/\/)?(localhost|127\.|\[::1\]))/.test(uri);
}

function tinyOverrides(tree: Tree): string[] {
  const text = tree.get('conf/config.yaml')?.toString('utf8');
  if (!text) return [];
  const cfg = YAML.parse(text) ?? {};
  return Object.entries(TINY_RUN)
    .filter(([key]) => {
      const [section, leaf] = key.split('.');
      return cfg?.[section] && leaf in cfg[section];
    })
    .map(([key, value]) => `${key}=${value}`);
}

interface Scenario {
  /** What the user types, run with `sh -c` in the project. */
  command: string;
}

async function runScenario(
  tree: Tree,
  workDir: string,
  scenario: Scenario,
): Promise<{ rows: FileCheck[]; trainerRuns: number }> {
  const rows: FileCheck[] = [];
  const state = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-standins-'));
  const where = `\`${scenario.command}\``;
  try {
    // Images CI pushes are in the registry already.
    const pushedByCi = cloudBuildPushedImages(
      tree.get('cloudbuild.yaml')?.toString('utf8'),
    );
    if (pushedByCi.length) {
      const registry: Record<string, string> = {};
      for (const image of pushedByCi) {
        const tagged = /:[^/]+$/.test(image) ? image : `${image}:latest`;
        registry[tagged] = `sha256:${createHash('sha256')
          .update(tagged)
          .digest('hex')}`;
      }
      await fs.writeFile(
        path.join(state, 'docker.json'),
        JSON.stringify({ local: {}, registry }),
      );
    }
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      PATH: `${path.join(STANDINS_DIR, 'bin')}:${process.env.PATH ?? ''}`,
      MX_STANDIN_STATE: state,
      MX_STANDIN_PYTHON: debianPython(),
      DOCKER_CONFIG: path.join(state, 'docker-config'),
      CLOUDSDK_CONFIG: path.join(state, 'gcloud-config'),
    };
    const made = await exec('sh', ['-c', scenario.command], workDir, env);
    if (made.code !== 0) {
      rows.push({
        file: 'Makefile',
        validator: VALIDATOR,
        status: 'fail',
        message: `${where} fails (exit ${
          made.code
        }), replayed with the docker/gcloud/mlflow stand-ins:\n${tail(
          made.stderr || made.stdout,
        )}`,
      });
      return { rows, trainerRuns: 0 };
    }
    const jobsDir = path.join(state, 'kubernetes-jobs');
    const jobs = await fs.readdir(jobsDir).catch(() => [] as string[]);
    if (jobs.length !== 1) {
      rows.push({
        file: 'Makefile',
        validator: VALIDATOR,
        status: 'fail',
        message: `${where} started ${jobs.length} MLflow Kubernetes jobs (expected 1): does the train target run \`mlflow run . --backend kubernetes\`?`,
      });
      return { rows, trainerRuns: 0 };
    }
    const { job } = JSON.parse(
      await fs.readFile(path.join(jobsDir, jobs[0]), 'utf8'),
    );
    const container = job.spec.template.spec.containers[0];
    const jobEnv = effectiveEnv(container.env ?? []);
    const templateText = tree
      .get('mlflow/kubernetes_job_template.yaml')
      ?.toString('utf8');
    const templateEnv = effectiveEnv(
      (templateText
        ? YAML.parse(templateText)?.spec?.template?.spec?.containers?.[0]?.env
        : undefined) ?? [],
    );
    const inCluster = templateEnv.MLFLOW_TRACKING_URI;
    const uri = jobEnv.MLFLOW_TRACKING_URI;
    const envOk =
      !isLocalUri(uri) && (inCluster === undefined || uri === inCluster);
    rows.push({
      file: 'mlflow/kubernetes_job_template.yaml',
      validator: VALIDATOR,
      status: envOk ? 'pass' : 'fail',
      message: envOk
        ? `${where}: the job logs to ${uri}`
        : `${where}: the training job would log to ${uri}, not to the in-cluster MLflow ${
            inCluster ?? ''
          }: MLflow's Kubernetes backend appends the client's MLFLOW_TRACKING_URI (the Makefile's port-forward) to the job's env after the template's, and the last one wins. Export KUBE_MLFLOW_TRACKING_URI=<the in-cluster URI> in the Makefile: MLflow puts it in the job instead.`,
    });
    const image = String(container.image).split('@')[0];
    const calls = (
      await fs.readFile(path.join(state, 'calls.jsonl'), 'utf8')
    ).split('\n');
    const pushedByMake = calls.some(l => {
      if (!l) return false;
      const c = JSON.parse(l);
      return c.tool === 'docker' && c.argv[0] === 'push';
    });
    rows.push({
      file: 'MLproject',
      validator: VALIDATOR,
      status: 'pass',
      message: `${where}: the job runs ${image}, pushed by ${
        pushedByMake
          ? 'the Makefile (docker push)'
          : 'Cloud Build (cloudbuild.yaml)'
      }`,
    });

    // The job's container: its command, its env, in the image's WORKDIR (the project).
    const overrides = tinyOverrides(tree);
    const [program, ...args] = container.command as string[];
    const trainerEnv: NodeJS.ProcessEnv = {
      ...baseEnv(),
      ...jobEnv,
      // The kubelet sets these in every container.
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      PYTHONPATH: [pythonStandInsDir(), path.join(workDir, 'src')].join(':'),
      MX_STANDIN_MLFLOW_RECORD: path.join(state, 'mlflow-record.jsonl'),
      PYTHONDONTWRITEBYTECODE: '1',
    };
    const trained = await exec(
      program === 'python' || program === 'python3' ? debianPython() : program,
      [...args, ...overrides],
      workDir,
      trainerEnv,
    );
    const shown = `${container.command.join(' ')}${
      overrides.length ? ` (+ ${overrides.join(' ')} for one small step)` : ''
    }`;
    if (trained.code !== 0) {
      rows.push({
        file: 'trainer.py',
        validator: VALIDATOR,
        status: 'fail',
        message: `${where}: the job's command \`${shown}\` fails (exit ${
          trained.code
        }) with the Hydra/mlflow stand-ins and real Python:\n${tail(
          trained.stderr || trained.stdout,
        )}`,
      });
      return { rows, trainerRuns: 1 };
    }
    const record = (
      await fs
        .readFile(path.join(state, 'mlflow-record.jsonl'), 'utf8')
        .catch(() => '')
    )
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l));
    const metrics = record.filter(r => r.call === 'log_metric');
    const logged = [...new Set(record.map(r => r.tracking_uri))];
    let problem: string | undefined;
    if (metrics.length === 0)
      problem = `${where}: \`${shown}\` ran but logged no metric to MLflow`;
    else if (logged.some(isLocalUri))
      problem = `${where}: \`${shown}\` logged to ${logged.join(
        ', ',
      )} (a local URI) instead of the in-cluster MLflow`;
    rows.push({
      file: 'trainer.py',
      validator: VALIDATOR,
      status: problem ? 'fail' : 'pass',
      message:
        problem ??
        `${where}: \`${shown}\` trained and logged ${
          metrics.length
        } metrics to ${logged.join(', ')}`,
    });
    return { rows, trainerRuns: 1 };
  } finally {
    await fs.rm(state, { recursive: true, force: true });
  }
}

/** Results per project content: grow generators render the same project files again. */
const cache = new Map<string, FileCheck[]>();
/** How many times the check ran a trainer (for the kit's figures). */
export const mlflowTrainStats = { trainerRuns: 0, cacheHits: 0 };

/** The inputs of the replay: what make, the stand-ins and the trainer read. */
function contentKey(tree: Tree): string {
  const hash = createHash('sha256');
  const inputs = [...tree.keys()].filter(
    file =>
      [
        'MLproject',
        'Makefile',
        'pyproject.toml',
        'Dockerfile',
        'cloudbuild.yaml',
        'trainer.py',
        'mlflow/kubernetes_config.json',
        'mlflow/kubernetes_job_template.yaml',
      ].includes(file) || /^(conf|src)\//.test(file),
  );
  for (const file of inputs) {
    hash.update(file).update('\0').update(tree.get(file)!).update('\0');
  }
  hash.update(
    readmeTrainCommands(tree.get('README.md')?.toString('utf8')).join('\n'),
  );
  return hash.digest('hex');
}

export const mlflowTrainCheck: TreeCheck = {
  name: VALIDATOR,
  async run(tree, ctx) {
    const makefile = tree.get('Makefile')?.toString('utf8');
    if (!tree.has('MLproject') || !makefile || !/^train:/m.test(makefile))
      return [];
    const key = contentKey(tree);
    const cached = cache.get(key);
    if (cached) {
      mlflowTrainStats.cacheHits++;
      return cached;
    }
    const rows: FileCheck[] = [];
    const missing = missingKubernetesClient(
      tree.get('pyproject.toml')?.toString('utf8'),
    );
    rows.push({
      file: 'pyproject.toml',
      validator: VALIDATOR,
      status: missing ? 'fail' : 'pass',
      message: missing ?? 'declares the kubernetes client `mlflow run` needs',
    });
    const scenarios: Scenario[] = [
      { command: 'make train' },
      ...readmeTrainCommands(tree.get('README.md')?.toString('utf8')).map(
        command => ({ command }),
      ),
    ];
    // Each scenario has its own stand-in state: they run side by side.
    const results = await Promise.all(
      scenarios.map(scenario => runScenario(tree, ctx.workDir, scenario)),
    );
    for (const result of results) {
      mlflowTrainStats.trainerRuns += result.trainerRuns;
      rows.push(...result.rows);
    }
    cache.set(key, rows);
    if (process.env.MX_CHECK_PROFILE) {
      process.stderr.write(
        `    mlflow-train: ${mlflowTrainStats.trainerRuns} trainer runs, ${mlflowTrainStats.cacheHits} trees reused a result so far\n`,
      );
    }
    return rows;
  },
};
