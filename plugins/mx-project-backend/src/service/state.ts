import type {
  CacheService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
} from '@backstage/catalog-model';
import { NotFoundError, isError } from '@backstage/errors';
import {
  ANNOTATION_STATE_PATH,
  ProjectState,
  STATE_FILE_PATH,
  StateFileError,
  parseState,
  projectLocation,
} from '@mx-backstage/plugin-mx-common';
import { GatewayError } from './errors';

/** What the state route returns: the validated state and where it was read from. */
export type ProjectStateResponse = { url: string; state: ProjectState };

/**
 * The URL of a project's state file: `.mx/state.yaml` (or the `mx.backstage.io/state-path`
 * annotation) resolved against the entity's `backstage.io/source-location` (a folder), or else
 * against the catalog-info.yaml it was registered from (`backstage.io/managed-by-location`, a
 * file; what the local git host and other hosts without an SCM integration give).
 */
export function stateFileUrl(entity: Entity): string {
  const found = projectLocation(entity.metadata.annotations);
  const source = found?.names === 'folder';
  const raw = source || found?.url !== undefined ? found?.value : undefined;
  if (!raw) {
    throw new NotFoundError(
      `${entity.metadata.name} has no ${ANNOTATION_SOURCE_LOCATION} annotation (nor a url ${ANNOTATION_LOCATION}), so its ${STATE_FILE_PATH} cannot be found; register the component from its repository's catalog-info.yaml`,
    );
  }
  const location = raw.replace(/^url:/, '');
  let base: URL;
  try {
    base = new URL(location);
  } catch {
    throw new NotFoundError(
      `${entity.metadata.name}'s ${ANNOTATION_SOURCE_LOCATION} '${raw}' is not a URL`,
    );
  }
  // A source location names a folder; a managed-by location names the catalog-info.yaml file.
  if (source && !base.pathname.endsWith('/'))
    base.pathname = `${base.pathname}/`;
  const path = (
    entity.metadata.annotations?.[ANNOTATION_STATE_PATH] ?? STATE_FILE_PATH
  ).replace(/^\/+/, '');
  return new URL(path, base).toString();
}

/** Reads, validates and briefly caches project states through the UrlReader service. */
export function createStateReader(deps: {
  urlReader: UrlReaderService;
  cache: CacheService;
  ttlSeconds: number;
}) {
  return async function readProjectState(
    entity: Entity,
  ): Promise<ProjectStateResponse> {
    const url = stateFileUrl(entity);
    const key = `state:${url}`;
    const cached = await deps.cache.get<{ text: string }>(key);
    let text = cached?.text;
    if (text === undefined) {
      try {
        const res = await deps.urlReader.readUrl(url);
        text = (await res.buffer()).toString('utf8');
      } catch (error) {
        if (isError(error) && error.name === 'NotFoundError') {
          throw new NotFoundError(
            `No ${STATE_FILE_PATH} at ${url}: this project was not created by an MX generator, or the state was not committed yet`,
          );
        }
        throw new GatewayError(
          'StateFileUnreadable',
          502,
          `Could not read ${url}: ${
            isError(error) ? error.message : String(error)
          }`,
          error,
        );
      }
      if (deps.ttlSeconds > 0) {
        await deps.cache.set(key, { text }, { ttl: deps.ttlSeconds * 1000 });
      }
    }
    try {
      return { url, state: parseState(text, url) };
    } catch (error) {
      if (error instanceof StateFileError) {
        throw new GatewayError('StateFileError', 422, error.message, error);
      }
      throw error;
    }
  };
}
