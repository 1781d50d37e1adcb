import type {
  MlflowExperiment,
  MlflowModelVersion,
  MlflowRegisteredModel,
} from '@mx-backstage/plugin-mx-common';
import {
  mlflowInt as toInt,
  mlflowKeyValues as keyValues,
  mlflowList,
  mlflowObject,
  mlflowString,
} from '@mx-backstage/plugin-mx-common';

type Json = Record<string, unknown>;

// --- normalisation helpers: MLflow's proto JSON sends int64 as numbers or strings, omits empty
// lists and default values, and writes NaN/Infinity as strings. --------------------------------

const obj = mlflowObject;
const list = mlflowList;
const str = mlflowString;
/**
 * Marks objects whose `undefined` fields are simply left out of the JSON answer
 * (`JSON.stringify` drops them). Deleting them instead would push V8 objects into slow
 * dictionary mode and make the answer's serialisation measurably slower.
 */
export function optional<T extends Json>(o: T): T {
  return o;
}

export function normaliseExperiment(raw: unknown): MlflowExperiment {
  const e = obj(raw);
  return optional({
    experimentId: str(e.experiment_id) ?? '',
    name: str(e.name) ?? '',
    artifactLocation: str(e.artifact_location),
    lifecycleStage: str(e.lifecycle_stage),
    creationTime: toInt(e.creation_time),
    lastUpdateTime: toInt(e.last_update_time),
    tags: keyValues(e.tags),
  });
}

export function normaliseModelVersion(raw: unknown): MlflowModelVersion {
  const v = obj(raw);
  return optional({
    name: str(v.name) ?? '',
    version: str(v.version) ?? '',
    creationTime: toInt(v.creation_timestamp),
    lastUpdatedTime: toInt(v.last_updated_timestamp),
    currentStage: str(v.current_stage),
    description: str(v.description),
    source: str(v.source),
    runId: str(v.run_id),
    status: str(v.status),
    tags: keyValues(v.tags),
    aliases: list(v.aliases).flatMap(a => (typeof a === 'string' ? [a] : [])),
  });
}

export function normaliseRegisteredModel(raw: unknown): MlflowRegisteredModel {
  const m = obj(raw);
  return optional({
    name: str(m.name) ?? '',
    creationTime: toInt(m.creation_timestamp),
    lastUpdatedTime: toInt(m.last_updated_timestamp),
    description: str(m.description),
    latestVersions: list(m.latest_versions).map(normaliseModelVersion),
    tags: keyValues(m.tags),
    aliases: list(m.aliases).flatMap(a => {
      const { alias, version } = obj(a);
      return typeof alias === 'string'
        ? [{ alias, version: str(version) ?? '' }]
        : [];
    }),
  });
}

export function pageToken(value: unknown): string | undefined {
  const t = str(value);
  return t ? t : undefined;
}
