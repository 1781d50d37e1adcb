/**
 * The stand-in's data set: experiments, runs and metric histories generated deterministically
 * from a seed, so tests and benchmarks can compute what a real MLflow would answer.
 */
import type {
  StandInData,
  StandInExperiment,
  StandInMetric,
  StandInOptions,
  StandInRun,
} from './types';

/** Every timestamp of the data set is counted from here. */
export const BASE_TIME = Date.UTC(2026, 0, 1);
const METRIC_KEYS = ['rmse', 'accuracy', 'loss'] as const;
const DEFAULT_EXPERIMENTS = [
  'baseline',
  'augmented',
  'distilled',
  'hyperparameter-sweep',
];

/** mulberry32: a small seeded pseudo-random generator. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-hex-digit run id, like MLflow's uuid4().hex. */
function runIdOf(i: number) {
  return (0x5eed0000 + i).toString(16).padStart(32, '0');
}

function statusOf(i: number): StandInRun['status'] {
  if (i % 20 === 7) return 'FAILED';
  if (i % 31 === 5) return 'KILLED';
  if (i % 97 === 3) return 'RUNNING';
  if (i % 193 === 11) return 'SCHEDULED';
  return 'FINISHED';
}

function generateRun(
  i: number,
  experiment: StandInExperiment,
  rand: () => number,
): StandInRun {
  const status = statusOf(i);
  const start = BASE_TIME + i * 60_000;
  const ended = status !== 'RUNNING' && status !== 'SCHEDULED';
  const end = ended
    ? start + Math.round(60_000 + rand() * 3_540_000)
    : undefined;
  const steps = 10 + (i % 20);
  const rmse = Math.round((0.2 + rand() * 1.8) * 10_000) / 10_000;
  const accuracy = Math.round((0.5 + rand() * 0.49) * 10_000) / 10_000;
  const loss = Math.round(rand() * 3 * 10_000) / 10_000;
  const finalValues: Record<string, number> = { rmse, accuracy, loss };
  const name = `run-${String(i).padStart(5, '0')}`;
  return {
    index: i,
    run_id: runIdOf(i),
    run_name: name,
    experiment_id: experiment.experiment_id,
    status,
    start_time: start,
    end_time: end,
    artifact_uri: `${experiment.artifact_location}/${runIdOf(i)}/artifacts`,
    lifecycle_stage: 'active',
    metrics: METRIC_KEYS.map(key => ({
      key,
      value: finalValues[key],
      timestamp: end ?? start,
      step: steps - 1,
    })),
    params: {
      learning_rate: ['0.001', '0.01', '0.1'][i % 3],
      optimizer: ['adam', 'sgd'][i % 2],
      batch_size: ['32', '64', '128'][i % 3],
      model: ['resnet18', 'resnet50'][Math.floor(i / 2) % 2],
    },
    tags: {
      'mlflow.runName': name,
      'mlflow.user': ['ada', 'grace', 'linus'][i % 3],
    },
  };
}

/** A metric's history: converging towards the run's last logged value, one point per step. */
function metricHistory(
  run: StandInRun,
  key: string,
  seed: number,
): StandInMetric[] {
  const last = run.metrics.find(m => m.key === key);
  if (!last) return [];
  const r = prng(seed * 7919 + run.index * 31 + key.length);
  const out: StandInMetric[] = [];
  for (let step = 0; step <= last.step; step++) {
    const progress = (last.step - step) / Math.max(1, last.step);
    const noise = step === last.step ? 0 : (r() - 0.5) * 0.05;
    const value =
      key === 'accuracy'
        ? last.value - progress * 0.4 + noise
        : last.value + progress * 1.5 + noise;
    out.push({
      key,
      value: Math.round(value * 10_000) / 10_000,
      timestamp: run.start_time + step * 1000,
      step,
    });
  }
  return out;
}

/** Generates the deterministic data set of the stand-in. */
export function generateStandInData(options: StandInOptions = {}): StandInData {
  const total = options.runs ?? 10_000;
  const names = options.experiments ?? DEFAULT_EXPERIMENTS;
  const seed = options.seed ?? 42;
  const experiments: StandInExperiment[] = names.map((name, i) => ({
    experiment_id: String(i + 1),
    name,
    artifact_location: `gs://mx-artifacts/mlflow/${i + 1}`,
    lifecycle_stage: 'active',
    creation_time: BASE_TIME - (names.length - i) * 86_400_000,
    last_update_time: BASE_TIME + total * 60_000,
    tags: { 'mlflow.note.content': `${name} runs` },
  }));
  const rand = prng(seed);
  const runs: StandInRun[] = [];
  for (let i = 0; i < total; i++) {
    runs.push(generateRun(i, experiments[i % experiments.length], rand));
  }
  return {
    experiments,
    runs,
    history(runId, key) {
      const run = runs.find(r => r.run_id === runId);
      return run ? metricHistory(run, key, seed) : undefined;
    },
  };
}
