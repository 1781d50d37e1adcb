import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { debianPython } from '../../lib/debianPython';
import { ExecResult, run } from '../../lib/exec';
import { pythonStandInsDir, STANDINS_DIR } from '../../lib/pythonProject';
import type { Tree } from '../../lib/tree';
import type { FileCheck } from '../../validators';
import {
  cloudBuildPushedImages,
  effectiveEnv,
  isLocalUri,
  tinyOverrides,
} from './projectFacts';

export const VALIDATOR = 'mlflow run --backend kubernetes (stand-in)';

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

export interface Scenario {
  /** What the user types, run with `sh -c` in the project. */
  command: string;
}

/**
 * One `make train` scenario: `make` with the docker/gcloud/mlflow stand-ins first on the PATH,
 * then the Job the mlflow stand-in built (in-cluster tracking URI, pushed image, the kubernetes
 * client declared), then the job's container command for one small training step.
 */
export async function runScenario(
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
