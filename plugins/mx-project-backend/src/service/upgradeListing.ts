import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ML_PROJECT_TYPE,
  UpgradesResponse,
  outdatedProjects,
} from '@mx-backstage/plugin-mx-common';
import { listGenerators } from './generators';
import { mapLimited, message } from './mapLimited';
import { StateReader } from './upgradeStart';

/** Every ML project the caller may see, with its state (or why it is unreadable). */
async function projectsWithState(opts: {
  catalog: CatalogService;
  readState: StateReader;
  credentials: BackstageCredentials;
  concurrency: number;
}) {
  const { catalog, readState, credentials, concurrency } = opts;
  const { items } = await catalog.getEntities(
    { filter: { kind: 'Component', 'spec.type': ML_PROJECT_TYPE } },
    { credentials },
  );
  return mapLimited(items, concurrency, async (entity: Entity) => {
    const entityRef = stringifyEntityRef(entity);
    const title = entity.metadata.title ?? entity.metadata.name;
    try {
      const { state } = await readState(entity);
      return { entityRef, title, entity, state };
    } catch (e) {
      return { entityRef, title, entity, error: message(e) };
    }
  });
}

/**
 * `GET /upgrades`: per generator, the ML projects the caller may see whose recorded version is
 * older than the catalog's template (with the changelog entries since), and the projects whose
 * state could not be read.
 */
export async function listOutdatedProjects(opts: {
  catalog: CatalogService;
  readState: StateReader;
  credentials: BackstageCredentials;
  concurrency: number;
}): Promise<UpgradesResponse> {
  const { catalog, credentials } = opts;
  const [generators, projects] = await Promise.all([
    listGenerators(catalog, credentials),
    projectsWithState(opts),
  ]);
  const readable = projects.flatMap(p =>
    p.state ? [{ entityRef: p.entityRef, title: p.title, state: p.state }] : [],
  );
  const body: UpgradesResponse = {
    generators: generators
      .filter(g => g.kind !== 'operation')
      .map(generator => ({
        generator,
        projects: outdatedProjects(generator, readable),
      }))
      .filter(g => g.projects.length > 0),
    unreadable: projects.flatMap(p =>
      p.error ? [{ entityRef: p.entityRef, message: p.error }] : [],
    ),
  };
  return body;
}
