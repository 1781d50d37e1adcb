import type { MlflowMetric, MlflowRun, MlflowRunsPage } from './projectPage';

/**
 * Normalises MLflow's `runs/search` answer (proto JSON) into {@link MlflowRunsPage}. The
 * mx-project backend streams runs pages through unchanged (parsing and re-serialising a
 * 1000-run page cost more than MLflow took to make it); the page's API client applies this
 * where the data is used. MLflow sends int64 as numbers or strings, omits empty lists and
 * default values, and writes NaN/Infinity as strings.
 */

/** Set on the backend's runs answers that carry MLflow's own JSON (to normalise). */
export const MLFLOW_SHAPE_HEADER = 'x-mx-mlflow-shape';

/**
 * Set on the backend's MLflow answers: `hit` (a complete answer of the same read of the same
 * project, reused within `mx.mlflow.cacheTtlSeconds`, with `age` in seconds), `miss`, or
 * `bypass` (the request sent `Cache-Control: no-cache`, e.g. the page's Refresh).
 */
export const MLFLOW_CACHE_HEADER = 'x-mx-cache';

type Json = Record<string, unknown>;

/** A JSON object field of an MLflow answer, `{}` when absent or not an object. */
export function mlflowObject(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};
}
/** A JSON list field of an MLflow answer (MLflow omits empty lists), `[]` when absent. */
export function mlflowList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
/** A string field of an MLflow answer (int64 ids may arrive as numbers). */
export function mlflowString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint')
    return String(value);
  return undefined;
}
const obj = mlflowObject;
const list = mlflowList;
const str = mlflowString;

/** An integer field (timestamps, steps): number or numeric string → number. */
export function mlflowInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value);
  }
  return undefined;
}

/** A metric value: number, numeric string, or "NaN"/"Infinity" (→ null). */
export function mlflowMetricValue(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** MLflow's `[{key, value}]` lists as a map. */
export function mlflowKeyValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list(value)) {
    const { key, value: v } = obj(item);
    if (typeof key === 'string') out[key] = str(v) ?? '';
  }
  return out;
}

export function normaliseMlflowMetric(raw: unknown): MlflowMetric {
  const m = obj(raw);
  return {
    key: str(m.key) ?? '',
    value: mlflowMetricValue(m.value),
    timestamp: mlflowInt(m.timestamp) ?? 0,
    step: mlflowInt(m.step) ?? 0,
  };
}

export function normaliseMlflowRun(raw: unknown): MlflowRun {
  const r = obj(raw);
  const info = obj(r.info);
  const data = obj(r.data);
  const metrics: Record<string, number | null> = {};
  for (const m of list(data.metrics)) {
    const metric = normaliseMlflowMetric(m);
    if (metric.key) metrics[metric.key] = metric.value;
  }
  const startTime = mlflowInt(info.start_time);
  const endTime = mlflowInt(info.end_time);
  const tags = mlflowKeyValues(data.tags);
  // `undefined` fields are left out of JSON; they are not deleted (that makes objects slow).
  return {
    runId: str(info.run_id) ?? str(info.run_uuid) ?? '',
    runName: str(info.run_name) ?? tags['mlflow.runName'],
    experimentId: str(info.experiment_id) ?? '',
    status: str(info.status) ?? 'RUNNING',
    startTime,
    endTime,
    durationMs:
      startTime !== undefined && endTime !== undefined && endTime >= startTime
        ? endTime - startTime
        : undefined,
    artifactUri: str(info.artifact_uri),
    lifecycleStage: str(info.lifecycle_stage),
    metrics,
    params: mlflowKeyValues(data.params),
    tags,
  };
}

/** Thrown when an answer is not an MLflow runs page. */
export class MlflowShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MlflowShapeError';
  }
}

/** MLflow's `runs/search` answer → `{ runs[], nextPageToken? }`. */
export function normaliseMlflowRunsPage(raw: unknown): MlflowRunsPage {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MlflowShapeError(
      'MLflow answered something that is not a runs page',
    );
  }
  const answer = raw as Json;
  if (answer.runs !== undefined && !Array.isArray(answer.runs)) {
    throw new MlflowShapeError(
      "MLflow answered with a malformed 'runs' (expected a list)",
    );
  }
  const token = str(answer.next_page_token);
  return {
    runs: list(answer.runs).map(normaliseMlflowRun),
    nextPageToken: token ? token : undefined,
  };
}
