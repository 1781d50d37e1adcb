/**
 * The JSON MLflow sends (protobuf JSON of service.proto's `Run`, `Experiment`): empty lists and
 * unset fields are omitted, and int64 fields (timestamps) arrive as numbers or as strings.
 */
import type { StandInExperiment, StandInMetric, StandInRun } from './types';

/** int64 as MLflow may send it: the stand-in sends strings for odd runs, numbers for even ones. */
export function int64(value: number | undefined, asString: boolean) {
  if (value === undefined) return undefined;
  return asString ? String(value) : value;
}

/** Whether a run's int64 fields go out as strings. */
export function int64AsString(run: StandInRun) {
  return run.index % 2 === 1;
}

function kv(record: Record<string, string>) {
  const list = Object.entries(record).map(([key, value]) => ({ key, value }));
  return list.length ? list : undefined;
}

/** Drops undefined fields (protobuf JSON omits unset fields). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export function metricsJson(metrics: StandInMetric[], asString: boolean) {
  return metrics.length
    ? metrics.map(m => ({ ...m, timestamp: int64(m.timestamp, asString) }))
    : undefined;
}

export function runJson(run: StandInRun) {
  const s = int64AsString(run);
  return {
    info: compact({
      run_id: run.run_id,
      run_uuid: run.run_id,
      run_name: run.run_name,
      experiment_id: run.experiment_id,
      user_id: run.tags['mlflow.user'],
      status: run.status,
      start_time: int64(run.start_time, s),
      end_time: int64(run.end_time, s),
      artifact_uri: run.artifact_uri,
      lifecycle_stage: run.lifecycle_stage,
    }),
    data: compact({
      metrics: metricsJson(run.metrics, s),
      params: kv(run.params),
      tags: kv(run.tags),
    }),
  };
}

export function experimentJson(e: StandInExperiment) {
  return compact({
    experiment_id: e.experiment_id,
    name: e.name,
    artifact_location: e.artifact_location,
    lifecycle_stage: e.lifecycle_stage,
    creation_time: e.creation_time,
    last_update_time: String(e.last_update_time),
    tags: kv(e.tags),
  });
}
