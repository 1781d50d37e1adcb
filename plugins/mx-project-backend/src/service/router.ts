import type { Readable } from 'node:stream';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  BackstageCredentials,
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
  MLFLOW_SHAPE_HEADER,
  ANNOTATION_MLFLOW_TRACKING_URI,
  PendingPlanResponse,
  ProjectEndpointsResponse,
  ProjectState,
  applyPlanUrl,
} from '@mx-backstage/plugin-mx-common';
import { readMxProjectConfig } from './config';
import { HostResolver, createSafeFetcher } from './safeFetch';
import { MlflowClient } from './mlflow';
import { createStateReader } from './state';
import {
  catalogLinks,
  collectEndpoints,
  createEndpointProber,
} from './endpoints';
import { GatewayError } from './errors';
import {
  TerraformPlanSettings,
  createCliRunnerFromConfig,
  readTerraformPlanSettings,
} from '@mx-backstage/plugin-scaffolder-backend-module-mx';
import {
  ClusterTokenProvider,
  clusterFromState,
  commandTokenProvider,
  createClusterFetchers,
  notDeployedError,
  parseClusterService,
  serviceProxyUrl,
} from './cluster';
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
  /** Where pending Terraform plans are kept; default from `mx.terraform` (as the actions read it). */
  plans?: TerraformPlanSettings;
  /**
   * The token sent to a project's cluster API server. Default: the backend's own Google
   * credentials through `mx.kubernetes.tokenCommand`. Per-project identity plugs in here.
   */
  clusterTokenProvider?: ClusterTokenProvider;
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

/** How long an entity fetched for a caller is reused within a burst of page requests. */
const ENTITY_CACHE_MS = 5_000;

/**
 * Sends a JSON answer without Express's `res.json` extras: no ETag (a SHA-1 over every byte of a
 * runs page that no client revalidates against) and no second copy of the string.
 */
function sendJson(res: express.Response, body: unknown) {
  res.status(200);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * Pipes an upstream answer to the response. On an upstream error the response is cut (the client
 * sees an incomplete answer, never a truncated one presented as whole); when the client goes
 * away first, the upstream is dropped. Same guarantees as `stream.pipeline` without its
 * per-call AbortController, whose DOMException (a captured stack trace) cost ~0.15 ms a page.
 */
function streamAnswer(
  source: Readable,
  res: express.Response,
  onError: (error: Error) => void,
) {
  source.once('error', error => {
    onError(error);
    res.destroy(error);
  });
  res.once('close', () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(res);
}

/** A stable key for the caller of a request (user or service), for per-caller caches. */
function callerKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p?.type === 'user') return `user:${p.userEntityRef}`;
  if (p?.type === 'service') return `service:${p.subject}`;
  return p?.type ?? 'none';
}

/** A tiny time-bounded cache of catalog answers per (caller, entity). */
function createEntityCache(ttlMs: number) {
  const entries = new Map<
    string,
    { at: number; value: Promise<Entity | undefined> }
  >();
  return {
    get(
      caller: string,
      ref: string,
      load: () => Promise<Entity | undefined>,
    ): Promise<Entity | undefined> {
      const key = `${caller}|${ref}`;
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = load();
      entries.set(key, { at: now, value });
      value.then(
        e => {
          if (!e) entries.delete(key);
        },
        () => entries.delete(key),
      );
      if (entries.size > 500) {
        for (const [k, v] of entries)
          if (now - v.at >= ttlMs) entries.delete(k);
      }
      return value;
    },
  };
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
  const clusterFetcher = createClusterFetchers({
    allowedHosts: cfg.kubernetes.allowedHosts,
    timeoutMs: cfg.kubernetes.timeoutMs,
    maxResponseBytes: cfg.mlflow.maxResponseBytes,
    resolver: options.resolver,
  });
  const clusterTokens =
    options.clusterTokenProvider ??
    commandTokenProvider({
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

  const entities = createEntityCache(ENTITY_CACHE_MS);
  /** One client per tracking URI (it holds nothing per caller: the URI's parsed base only). */
  const trackingClients = new Map<string, MlflowClient>();

  /**
   * The entity, fetched with the caller's own credentials: invisible means 404. A page load
   * makes a burst of calls for the same project, so the answer is reused for a few seconds for
   * the same caller (keyed by the caller's identity, never shared between callers).
   */
  async function entityFor(req: express.Request): Promise<Entity> {
    const credentials = await httpAuth.credentials(req);
    const ref = stringifyEntityRef({
      kind: 'component',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const entity = await entities.get(callerKey(credentials), ref, () =>
      catalog.getEntityByRef(ref, { credentials }),
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} (or you may not read it)`);
    }
    return entity;
  }

  /**
   * The MLflow of a project: the tracking URI its `mx.backstage.io/mlflow-tracking-uri`
   * annotation names (an external server), or else the in-cluster MLflow that
   * training-infrastructure deploys, reached through the cluster API server's service proxy.
   */
  async function mlflowFor(entity: Entity): Promise<MlflowClient> {
    const ref = stringifyEntityRef(entity);
    const uri = entity.metadata.annotations?.[ANNOTATION_MLFLOW_TRACKING_URI];
    if (uri) {
      let client = trackingClients.get(uri);
      if (!client) {
        try {
          new URL(uri); // eslint-disable-line no-new
        } catch {
          throw new GatewayError(
            'InvalidTrackingUri',
            400,
            `${ANNOTATION_MLFLOW_TRACKING_URI} '${uri}' is not a URL`,
          );
        }
        if (trackingClients.size >= 500) trackingClients.clear();
        client = new MlflowClient(mlflowFetcher, uri);
        trackingClients.set(uri, client);
      }
      return client;
    }
    let state: ProjectState;
    try {
      state = (await readState(entity)).state;
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          `${ref} has no MLflow: it has no ${ANNOTATION_MLFLOW_TRACKING_URI} annotation and no .mx/state.yaml to find its cluster (${error.message})`,
        );
      }
      throw error;
    }
    const cluster = clusterFromState(state);
    if (!cluster) throw notDeployedError(ref, 'no-cluster');
    const service = mlflowService;
    return new MlflowClient(
      clusterFetcher(cluster),
      serviceProxyUrl(cluster, service),
      {
        label: `the in-cluster MLflow (${service.namespace}/${
          service.service
        }:${service.port}) of cluster ${cluster.name ?? cluster.endpoint}`,
        bearerToken: async () => {
          try {
            return await clusterTokens.token({ entity, state, cluster });
          } catch (error) {
            throw new GatewayError(
              'ClusterTokenUnavailable',
              502,
              `No token for the cluster of ${ref}: ${
                error instanceof Error ? error.message : String(error)
              }`,
              error,
            );
          }
        },
        serviceNotFound: message =>
          notDeployedError(ref, 'no-service', message),
      },
    );
  }

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

  router.post(
    '/projects/:namespace/:name/mlflow/experiments/search',
    async (req, res) => {
      const body = parse(experimentsSearchBody, req.body, 'experiments search');
      const entity = await entityFor(req);
      sendJson(res, await (await mlflowFor(entity)).searchExperiments(body));
    },
  );

  router.post(
    '/projects/:namespace/:name/mlflow/runs/search',
    async (req, res) => {
      const body = parse(runsSearchBody, req.body, 'runs search');
      const entity = await entityFor(req);
      // Runs pages are the large answers: MLflow's JSON is streamed through as it arrives
      // (checked, capped, deadline kept) and normalised by the page's API client with
      // normaliseMlflowRunsPage from mx-common, instead of parsed and rebuilt here.
      const answer = await (await mlflowFor(entity)).searchRunsRaw(body);
      res.status(200);
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.setHeader(MLFLOW_SHAPE_HEADER, 'mlflow');
      if ('body' in answer) {
        res.end(answer.body);
        return;
      }
      streamAnswer(answer.stream, res, error =>
        logger.warn(
          `mx-project: runs page of ${stringifyEntityRef(
            entity,
          )} stopped while streaming: ${error.message}`,
        ),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/metrics/history',
    async (req, res) => {
      const query = parse(historyQuery, req.query, 'metric history request');
      const entity = await entityFor(req);
      sendJson(
        res,
        await (
          await mlflowFor(entity)
        ).metricHistory(query.runId, query.metricKey),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/registered-models',
    async (req, res) => {
      const query = parse(pagedQuery, req.query, 'registered models request');
      const entity = await entityFor(req);
      sendJson(
        res,
        await (await mlflowFor(entity)).searchRegisteredModels(query),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/model-versions',
    async (req, res) => {
      const query = parse(pagedQuery, req.query, 'model versions request');
      const entity = await entityFor(req);
      sendJson(res, await (await mlflowFor(entity)).searchModelVersions(query));
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
      endpoints: await probe(collectEndpoints(entity, state, mlflowService)),
      links: catalogLinks(entity),
    };
    res.json(body);
  });

  return router;
}
