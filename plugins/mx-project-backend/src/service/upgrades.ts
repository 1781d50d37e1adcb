import express from 'express';
import Router from 'express-promise-router';
import type {
  AuthService,
  CacheService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createScaffolderCall } from './scaffolderClient';
import { createStateReader } from './state';
import { listOutdatedProjects } from './upgradeListing';
import { readUpgradeResults } from './upgradeResults';
import { startUpgrades } from './upgradeStart';

/**
 * The catalog-wide upgrades view (see the plugin README, "Upgrades"):
 *
 * - `GET /upgrades`: per generator, the ML projects whose recorded version is older than the
 *   catalog's template, with the changelog entries since;
 * - `POST /upgrades` `{ generator, projects }`: starts one scaffolder task per project, as the
 *   caller, with the project's recorded answers (what the page's Re-run sends). Each task ends
 *   with the generator's push step, so a project gets one commit or pull request, and a task that
 *   fails leaves its repository untouched while the others go on;
 * - `GET /upgrades/tasks?ids=…`: the outcome of those tasks (upgraded / unchanged / failed, the
 *   commit or pull request, the files left in conflict).
 */
export type UpgradesRouterOptions = {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  discovery: DiscoveryService;
  catalog: CatalogService;
  urlReader: UrlReaderService;
  /** How many project states are read at once when listing (default 6). */
  concurrency?: number;
};

/** No caching: the view must show a project as upgraded as soon as its commit landed. */
const noCache = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions: () => noCache,
} as unknown as CacheService;

export { upgradeResultOf } from './upgradeResults';

export async function createUpgradesRouter(
  options: UpgradesRouterOptions,
): Promise<express.Router> {
  const { httpAuth, auth, discovery, catalog, logger } = options;
  const concurrency = options.concurrency ?? 6;
  const readState = createStateReader({
    urlReader: options.urlReader,
    cache: noCache,
    ttlSeconds: 0,
  });
  const scaffolder = createScaffolderCall({ auth, discovery });

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/upgrades', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(
      await listOutdatedProjects({
        catalog,
        readState,
        credentials,
        concurrency,
      }),
    );
  });

  router.post('/upgrades', async (req, res) => {
    const answer = await startUpgrades({
      body: req.body,
      credentials: () => httpAuth.credentials(req),
      catalog,
      readState,
      scaffolder,
      logger,
      concurrency,
    });
    res.status(202).json(answer);
  });

  router.get('/upgrades/tasks', async (req, res) => {
    const results = await readUpgradeResults({
      query: req.query,
      credentials: () => httpAuth.credentials(req),
      scaffolder,
      concurrency,
    });
    res.json({ results });
  });

  return router;
}
