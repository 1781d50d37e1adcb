import express from 'express';
import Router from 'express-promise-router';
import type {
  CacheService,
  HttpAuthService,
  LoggerService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  PendingPlanResponse,
  ProjectEndpointsResponse,
  ProjectState,
  applyPlanUrl,
} from '@mx-backstage/plugin-mx-common';
import {
  TerraformPlanSettings,
  createCliRunnerFromConfig,
  readTerraformPlanSettings,
} from '@mx-backstage/plugin-scaffolder-backend-module-mx';
import { readMxProjectConfig } from './config';
import { createSafeFetcher } from './safeFetch';
import type { HostResolver } from './hostResolution';
import { createStateReader } from './state';
import {
  catalogLinks,
  collectEndpoints,
  createEndpointProber,
} from './endpoints';
import { GatewayError } from './errors';
import {
  ClusterTokenProvider,
  commandTokenProvider,
  createClusterFetchers,
  parseClusterService,
} from './cluster';
import { listGenerators } from './generators';
import {
  ImpersonatedTokenOptions,
  impersonatedClusterTokenProvider,
  readClusterImpersonation,
} from './projectIdentityToken';
import { createEntityLookup } from './entityAccess';
import { createProjectMlflow } from './projectMlflow';
import { addMlflowRoutes } from './mlflowRoutes';
import { createMlflowAnswerCache } from './mlflowAnswerCache';

export type RouterOptions = {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  urlReader: UrlReaderService;
  cache: CacheService;
  /** DNS resolution used by the outbound allowlist checks (tests inject one). */
  resolver?: HostResolver;
  /** Where pending Terraform plans are kept; default from `mx.terraform` (as the actions read it). */
  plans?: TerraformPlanSettings;
  /**
   * The token sent to a project's cluster API server. Default: with `mx.gcp.impersonation.enabled`
   * (production), a token of the project's own operator service account
   * ({@link impersonatedClusterTokenProvider}); otherwise the backend's own Google credentials
   * through `mx.kubernetes.tokenCommand`.
   */
  clusterTokenProvider?: ClusterTokenProvider;
  /** Where the default impersonation asks for tokens, and with which source credentials (tests). */
  impersonation?: Pick<ImpersonatedTokenOptions, 'endpoint' | 'sourceClient'>;
};

/** The mx-project backend routes; see the plugin README for the list. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, urlReader, cache, logger } = options;
  const cfg = readMxProjectConfig(options.config);

  const mlflowFetcher = createSafeFetcher({
    allowedHosts: cfg.mlflow.allowedHosts,
    timeoutMs: cfg.mlflow.timeoutMs,
    maxResponseBytes: cfg.mlflow.maxResponseBytes,
    credentials: cfg.mlflow.credentials,
    resolver: options.resolver,
    targetName: 'MLflow tracking server',
  });
  const probeFetcher = createSafeFetcher({
    allowedHosts: [...cfg.mlflow.allowedHosts, ...cfg.endpoints.allowedHosts],
    timeoutMs: cfg.endpoints.timeoutMs,
    maxResponseBytes: 1024 * 1024,
    resolver: options.resolver,
    targetName: 'endpoint',
    allowlistKey: 'mx.endpoints.allowedHosts',
    maxRedirects: 3,
  });
  const clusterFetcher = createClusterFetchers({
    allowedHosts: cfg.kubernetes.allowedHosts,
    timeoutMs: cfg.kubernetes.timeoutMs,
    maxResponseBytes: cfg.mlflow.maxResponseBytes,
    resolver: options.resolver,
  });
  const impersonation = readClusterImpersonation(options.config);
  let clusterTokens = options.clusterTokenProvider;
  if (!clusterTokens && impersonation.enabled) {
    // The project's own identity: its operator service account, impersonated.
    clusterTokens = impersonatedClusterTokenProvider({
      lifetimeSeconds: impersonation.lifetimeSeconds,
      ...options.impersonation,
    });
  }
  clusterTokens ??= commandTokenProvider({
    command: cfg.kubernetes.tokenCommand,
    ttlSeconds: cfg.kubernetes.tokenTtlSeconds,
  });
  const mlflowService = parseClusterService(cfg.kubernetes.mlflowService);
  const readState = createStateReader({
    urlReader,
    cache,
    ttlSeconds: cfg.state.cacheTtlSeconds,
  });
  const probe = createEndpointProber({
    fetcher: probeFetcher,
    cluster: {
      fetcher: clusterFetcher,
      token: ({ cluster, state, entity }) =>
        clusterTokens.token({ entity: entity!, state, cluster }),
    },
    cache,
    ttlSeconds: cfg.endpoints.cacheTtlSeconds,
  });

  const entityFor = createEntityLookup({ httpAuth, catalog });
  const mlflowFor = createProjectMlflow({
    mlflowFetcher,
    clusterFetcher,
    clusterTokens,
    mlflowService,
    readState,
  });

  // The same settings the mx:terraform:apply action reads, so both see the same pending plan.
  const plans =
    options.plans ??
    readTerraformPlanSettings(
      options.config,
      createCliRunnerFromConfig(options.config),
    );

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // The MX generators in the catalog (Template entities labelled mx.backstage.io/generator).
  router.get('/generators', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({ generators: await listGenerators(catalog, credentials) });
  });

  router.get('/projects/:namespace/:name/state', async (req, res) => {
    const entity = await entityFor(req);
    res.json(await readState(entity));
  });

  // The project's pending (saved, not yet applied) Terraform plan, if any.
  router.get('/projects/:namespace/:name/plan', async (req, res) => {
    const entity = await entityFor(req);
    const { state } = await readState(entity);
    let plan;
    try {
      plan = await plans.store.get({
        project: state.project.name,
        bucket: state.infrastructure.backend.bucket,
        prefix: state.infrastructure.backend.prefix,
      });
    } catch (error) {
      throw new GatewayError(
        'PlanStoreUnreadable',
        502,
        `Could not read the pending plan of ${state.project.name}: ${
          error instanceof Error ? error.message : String(error)
        }`,
        error,
      );
    }
    const body: PendingPlanResponse = plan
      ? {
          plan,
          expiresAt: new Date(
            new Date(plan.createdAt).getTime() + plans.maxAgeMs,
          ).toISOString(),
          applyUrl: applyPlanUrl(stringifyEntityRef(entity), plan.id),
        }
      : {};
    res.json(body);
  });

  const answers =
    cfg.mlflow.cacheTtlSeconds > 0
      ? createMlflowAnswerCache({
          ttlMs: cfg.mlflow.cacheTtlSeconds * 1000,
          maxBytes: cfg.mlflow.cacheMaxBytes,
          maxEntryBytes: Math.min(
            cfg.mlflow.maxResponseBytes,
            cfg.mlflow.cacheMaxBytes / 4,
          ),
        })
      : undefined;
  addMlflowRoutes(router, { entityFor, mlflowFor, logger, answers });

  router.get('/projects/:namespace/:name/endpoints', async (req, res) => {
    const entity = await entityFor(req);
    let state: ProjectState | undefined;
    try {
      state = (await readState(entity)).state;
    } catch (error) {
      // Endpoints declared on the entity are still worth showing without a readable state.
      logger.debug(
        `mx-project: no state for endpoints of ${stringifyEntityRef(
          entity,
        )}: ${error}`,
      );
    }
    const body: ProjectEndpointsResponse = {
      endpoints: await probe(collectEndpoints(entity, state, mlflowService)),
      links: catalogLinks(entity),
    };
    res.json(body);
  });

  return router;
}
