import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  CacheService,
  HttpAuthService,
  LoggerService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_MLFLOW_TRACKING_URI,
  ProjectEndpointsResponse,
  ProjectState,
} from '@mx-backstage/plugin-mx-common';
import { readMxProjectConfig } from './config';
import { HostResolver, createSafeFetcher } from './safeFetch';
import { MlflowClient } from './mlflow';
import { createStateReader } from './state';
import { collectEndpoints, createEndpointProber } from './endpoints';
import { GatewayError } from './errors';
import { listGenerators } from './generators';

export type RouterOptions = {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  urlReader: UrlReaderService;
  cache: CacheService;
  /** DNS resolution used by the outbound allowlist checks (tests inject one). */
  resolver?: HostResolver;
};

const orderBy = z.array(z.string().max(200)).max(10).optional();
const pageToken = z.string().max(4096).optional();
const filter = z.string().max(2000).optional();

const experimentsSearchBody = z.object({
  maxResults: z.number().int().min(1).max(1000).optional(),
  pageToken,
  filter,
  orderBy,
  viewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).optional(),
});

const runsSearchBody = z.object({
  experimentIds: z.array(z.string().min(1).max(100)).min(1).max(100),
  maxResults: z.number().int().min(1).max(1000).optional(),
  pageToken,
  filter,
  orderBy,
  runViewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).optional(),
});

const historyQuery = z.object({
  runId: z.string().min(1).max(100),
  metricKey: z.string().min(1).max(250),
});

const pagedQuery = z.object({
  maxResults: z.coerce.number().int().min(1).max(1000).optional(),
  pageToken,
  filter,
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${what}: ${
        issue.path.length ? `${issue.path.join('.')}: ` : ''
      }${issue.message}`,
    );
  }
  return result.data;
}

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
  const readState = createStateReader({
    urlReader,
    cache,
    ttlSeconds: cfg.state.cacheTtlSeconds,
  });
  const probe = createEndpointProber({
    fetcher: probeFetcher,
    cache,
    ttlSeconds: cfg.endpoints.cacheTtlSeconds,
  });

  /** The entity, fetched with the caller's own credentials: invisible means 404. */
  async function entityFor(req: express.Request): Promise<Entity> {
    const credentials = await httpAuth.credentials(req);
    const ref = stringifyEntityRef({
      kind: 'component',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} (or you may not read it)`);
    }
    return entity;
  }

  function mlflowFor(entity: Entity): MlflowClient {
    const uri = entity.metadata.annotations?.[ANNOTATION_MLFLOW_TRACKING_URI];
    if (!uri) {
      throw new NotFoundError(
        `${stringifyEntityRef(
          entity,
        )} has no ${ANNOTATION_MLFLOW_TRACKING_URI} annotation; add it to the component's catalog-info.yaml`,
      );
    }
    try {
      new URL(uri); // eslint-disable-line no-new
    } catch {
      throw new GatewayError(
        'InvalidTrackingUri',
        400,
        `${ANNOTATION_MLFLOW_TRACKING_URI} '${uri}' is not a URL`,
      );
    }
    return new MlflowClient(mlflowFetcher, uri);
  }

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

  router.post(
    '/projects/:namespace/:name/mlflow/experiments/search',
    async (req, res) => {
      const body = parse(experimentsSearchBody, req.body, 'experiments search');
      const entity = await entityFor(req);
      res.json(await mlflowFor(entity).searchExperiments(body));
    },
  );

  router.post(
    '/projects/:namespace/:name/mlflow/runs/search',
    async (req, res) => {
      const body = parse(runsSearchBody, req.body, 'runs search');
      const entity = await entityFor(req);
      res.json(await mlflowFor(entity).searchRuns(body));
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/metrics/history',
    async (req, res) => {
      const query = parse(historyQuery, req.query, 'metric history request');
      const entity = await entityFor(req);
      res.json(
        await mlflowFor(entity).metricHistory(query.runId, query.metricKey),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/registered-models',
    async (req, res) => {
      const query = parse(pagedQuery, req.query, 'registered models request');
      const entity = await entityFor(req);
      res.json(await mlflowFor(entity).searchRegisteredModels(query));
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/model-versions',
    async (req, res) => {
      const query = parse(pagedQuery, req.query, 'model versions request');
      const entity = await entityFor(req);
      res.json(await mlflowFor(entity).searchModelVersions(query));
    },
  );

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
      endpoints: await probe(collectEndpoints(entity, state)),
    };
    res.json(body);
  });

  return router;
}
