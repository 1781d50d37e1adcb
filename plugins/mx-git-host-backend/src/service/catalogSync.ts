import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { RepoStore } from './repoStore';

/** Where a repository's catalog-info.yaml is read from: what the ML project template registers. */
export function catalogInfoUrl(baseUrl: string, name: string, branch: string) {
  return `${baseUrl}/repos/${name}/tree/${branch}/catalog-info.yaml`;
}

/**
 * Registers every repository of the local git host that has a `catalog-info.yaml` on its default
 * branch and no catalog location yet, the way the template's `catalog:register` step does. So
 * the catalog and the git host agree after a restart, a lost database or a repository pushed by
 * hand. Registered locations are left alone; nothing is ever unregistered here.
 * Returns the targets it registered.
 */
export async function registerMissingLocations(deps: {
  store: RepoStore;
  catalog: CatalogService;
  auth: AuthService;
  baseUrl: string;
  logger: LoggerService;
}): Promise<string[]> {
  const { store, catalog, auth, baseUrl, logger } = deps;
  const credentials = await auth.getOwnServiceCredentials();
  const { items } = await catalog.getLocations({}, { credentials });
  const known = new Set(items.map(l => `${l.type}:${l.target}`));
  const registered: string[] = [];
  for (const name of await store.list()) {
    const branch = await store.defaultBranch(name);
    if (!branch) continue;
    try {
      await store.readFile(name, branch, 'catalog-info.yaml');
    } catch {
      continue; // empty repository, or no catalog-info.yaml: nothing to register
    }
    const target = catalogInfoUrl(baseUrl, name, branch);
    if (known.has(`url:${target}`)) continue;
    try {
      await catalog.addLocation({ type: 'url', target }, { credentials });
      registered.push(target);
      logger.info(
        `Registered ${target} (repository ${name} had no catalog location)`,
      );
    } catch (e) {
      logger.warn(`Could not register ${target}: ${(e as Error).message}`);
    }
  }
  return registered;
}
