/**
 * The model registry (model_registry.proto):
 *   GET /api/2.0/mlflow/registered-models/search ?filter=&max_results=&page_token=
 *     → {registered_models[], next_page_token} (max_results default 100, at most 1000)
 *   GET /api/2.0/mlflow/model-versions/search    ?filter=&max_results=&page_token=
 *     → {model_versions[], next_page_token}
 * Three registered models, each with 1–3 versions pointing at generated runs; the newest
 * version is in stage Production with alias `champion`.
 */
import { BASE_TIME } from '../data';
import { page } from '../paging';
import { nameFilter } from '../search/filter';
import type { StandInData } from '../types';
import { compact } from '../wire';
import type { Route } from './types';

export type RegisteredModel = Record<string, unknown> & {
  versions: Record<string, unknown>[];
};

const MODEL_NAMES = ['churn-classifier', 'demand-forecaster', 'image-tagger'];

/** The registry the stand-in serves, built from the generated runs. */
export function registeredModels(data: StandInData): RegisteredModel[] {
  return MODEL_NAMES.map((name, i) => {
    const versions = [1, 2, 3].slice(0, i + 1).map(v => {
      const run = data.runs[(i * 7 + v) % data.runs.length];
      return compact({
        name,
        version: String(v),
        creation_timestamp: BASE_TIME + v * 3_600_000,
        last_updated_timestamp: String(BASE_TIME + v * 3_600_000),
        current_stage: v === i + 1 ? 'Production' : 'Archived',
        description: '',
        source: run ? `${run.artifact_uri}/model` : undefined,
        run_id: run?.run_id,
        status: 'READY',
        aliases: v === i + 1 ? ['champion'] : undefined,
      });
    });
    return compact({
      name,
      creation_timestamp: BASE_TIME,
      last_updated_timestamp: BASE_TIME + 3 * 3_600_000,
      description: `${name} for the stand-in project`,
      latest_versions: [versions[versions.length - 1]],
      aliases: [{ alias: 'champion', version: String(versions.length) }],
      versions,
    });
  });
}

export const searchRegisteredModels: Route = {
  method: 'GET',
  path: '/api/2.0/mlflow/registered-models/search',
  handle(params, { models }) {
    const keep = nameFilter(params.filter);
    const { slice, next } = page(models.filter(keep), params, 100, 1000);
    return compact({
      registered_models: slice.length
        ? slice.map(({ versions: _v, ...m }) => m)
        : undefined,
      next_page_token: next,
    });
  },
};

export const searchModelVersions: Route = {
  method: 'GET',
  path: '/api/2.0/mlflow/model-versions/search',
  handle(params, { models }) {
    const keep = nameFilter(params.filter);
    const all = models.flatMap(m => m.versions);
    const { slice, next } = page(all.filter(keep), params, 200_000, 200_000);
    return compact({
      model_versions: slice.length ? slice : undefined,
      next_page_token: next,
    });
  },
};
