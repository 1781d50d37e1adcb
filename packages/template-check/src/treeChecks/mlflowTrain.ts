import { createHash } from 'node:crypto';
import type { Tree } from '../lib/tree';
import type { FileCheck } from '../validators';
import {
  missingKubernetesClient,
  readmeTrainCommands,
} from './mlflow/projectFacts';
import { runScenario, Scenario, VALIDATOR } from './mlflow/scenario';
import type { TreeCheck } from './types';

export {
  cloudBuildPushedImages,
  readmeTrainCommands,
} from './mlflow/projectFacts';

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
