import type { CacheService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ENDPOINTS,
  ANNOTATION_MLFLOW_TRACKING_URI,
  ProjectEndpointHealth,
  ProjectState,
  isClusterInternalUrl,
  isHttpUrl,
  parseEndpointsAnnotation,
  terraformOutputValue,
} from '@mx-backstage/plugin-mx-common';
import type { SafeFetcher } from './safeFetch';
import { OutboundRequestError } from './outboundRules';
import {
  ClusterService,
  ProjectCluster,
  clusterFromState,
  serviceProxyUrl,
} from './cluster';

/** An endpoint to list; `check` says how its health is reached (default: its public url). */
export type DeclaredEndpoint = Pick<
  ProjectEndpointHealth,
  'title' | 'url' | 'source'
> & {
  /** an in-cluster service: checked through the cluster API server's service proxy */
  cluster?: {
    url: string;
    cluster: ProjectCluster;
    state: ProjectState;
    entity?: Entity;
  };
};

function humanise(key: string) {
  return key
    .replace(/[_-]+/g, ' ')
    .replace(/\burl\b/i, '')
    .trim()
    .replace(/^./, c => c.toUpperCase());
}

/** The entity's `metadata.links` (consoles, dashboards): shown as links, never health-checked. */
export function catalogLinks(
  entity: Entity,
): Array<{ title: string; url: string }> {
  return (entity.metadata.links ?? [])
    .filter(link => isHttpUrl(link.url))
    .map(link => ({ title: link.title ?? link.url, url: link.url }));
}

/**
 * What a project serves, from its state: the in-cluster MLflow (training-infrastructure, once
 * the cluster exists), the model API (seldon-serving), the Streamlit app, CVAT (behind the
 * project's ingress at `<host>.<domain>`), and URL-valued Terraform outputs (e.g. `docs_url` of
 * sphinx-docs).
 */
export function servedEndpoints(
  state: ProjectState,
  mlflowService: ClusterService,
): DeclaredEndpoint[] {
  const out: DeclaredEndpoint[] = [];
  const cluster = clusterFromState(state);
  if (cluster && state.deployments['training-infrastructure']) {
    out.push({
      title: 'MLflow (in-cluster, private)',
      url: `${mlflowService.namespace}/${mlflowService.service}:${mlflowService.port}`,
      source: 'cluster',
      cluster: {
        url: `${serviceProxyUrl(cluster, mlflowService)}/health`,
        cluster,
        state,
      },
    });
  }
  const outputs = state.infrastructure.outputs ?? {};
  const domainOutput = terraformOutputValue(outputs.domain).value;
  let domain: string | undefined;
  if (typeof domainOutput === 'string' && domainOutput) domain = domainOutput;
  else if (state.project.baseDomain) {
    domain = `${state.project.name}.${state.project.baseDomain}`;
  }
  if (domain) {
    const model = state.generators['seldon-serving']?.values?.modelName;
    if (typeof model === 'string' && model) {
      out.push({
        title: `Model API (${model})`,
        url: `https://models.${domain}/${model}/v2/models/${model}/ready`,
        source: 'served',
      });
    }
    if (state.deployments['streamlit-app']) {
      out.push({
        title: 'Streamlit app',
        url: `https://app.${domain}/`,
        source: 'served',
      });
    }
    if (state.deployments.cvat || state.generators['cvat-labeling']) {
      out.push({
        title: 'CVAT labeling',
        url: `https://labeling.${domain}/`,
        source: 'served',
      });
    }
  }
  return out;
}

/**
 * Every endpoint of a project: what it serves (see {@link servedEndpoints}), the
 * `mx.backstage.io/endpoints` annotation, URL-valued terraform outputs in the state, and the
 * MLflow tracking server when it is reachable from outside the cluster. Duplicated URLs are
 * listed once. Catalog links are not endpoints (see {@link catalogLinks}).
 */
export function collectEndpoints(
  entity: Entity,
  state?: ProjectState,
  mlflowService?: ClusterService,
): DeclaredEndpoint[] {
  const out: DeclaredEndpoint[] = [];
  const seen = new Set<string>();
  const add = (e: DeclaredEndpoint) => {
    const key = e.url.replace(/\/+$/, '');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  };
  const annotations = entity.metadata.annotations ?? {};
  if (state && mlflowService) {
    for (const e of servedEndpoints(state, mlflowService)) {
      add(e.cluster ? { ...e, cluster: { ...e.cluster, entity } } : e);
    }
  }
  for (const e of parseEndpointsAnnotation(annotations[ANNOTATION_ENDPOINTS])) {
    add({ ...e, source: 'annotation' });
  }
  for (const [key, output] of Object.entries(
    state?.infrastructure.outputs ?? {},
  )) {
    const { value } = terraformOutputValue(output);
    if (isHttpUrl(value)) {
      add({
        title: humanise(key) || key,
        url: value,
        source: 'state-output',
      });
    }
  }
  const tracking = annotations[ANNOTATION_MLFLOW_TRACKING_URI];
  if (isHttpUrl(tracking) && !isClusterInternalUrl(tracking)) {
    add({ title: 'MLflow UI', url: tracking, source: 'mlflow' });
  }
  return out;
}

function downReason(status: number, inCluster: boolean): string {
  if (inCluster && status === 404) {
    return 'not deployed: deploy it with the Deploy template';
  }
  return `answered HTTP ${status}`;
}

/** Probes endpoints (GET, short timeout, allowlisted hosts only) and caches results briefly. */
export function createEndpointProber(deps: {
  fetcher: SafeFetcher;
  /** in-cluster services: the cluster's fetcher and a token for it */
  cluster?: {
    fetcher: (cluster: ProjectCluster) => SafeFetcher;
    token: (target: {
      cluster: ProjectCluster;
      state: ProjectState;
      entity?: Entity;
    }) => Promise<string>;
  };
  cache: CacheService;
  ttlSeconds: number;
}) {
  async function probe(
    declared: DeclaredEndpoint,
  ): Promise<ProjectEndpointHealth> {
    const { cluster: inCluster, ...e } = declared;
    const key = `endpoint:${inCluster?.url ?? e.url}`;
    const cached = await deps.cache.get<
      Omit<ProjectEndpointHealth, 'title' | 'source'>
    >(key);
    if (cached) return { ...e, ...cached };
    const started = Date.now();
    let result: Omit<ProjectEndpointHealth, 'title' | 'source'>;
    try {
      // Any answer below 500 proves the endpoint is serving; a redirect (e.g. to a sign-in page
      // on another host) is an answer too, so it is not followed.
      const request = {
        method: 'GET' as const,
        headers: { accept: '*/*', 'user-agent': 'backstage-mx-project-health' },
        headersOnly: true,
        noRedirects: true,
      };
      const res =
        inCluster && deps.cluster
          ? await deps.cluster.fetcher(inCluster.cluster)(inCluster.url, {
              ...request,
              bearerToken: await deps.cluster.token(inCluster),
            })
          : await deps.fetcher(e.url, request);
      // Through the service proxy any answer of the API server itself (401/403/404/503 with a
      // v1 Status) means the service is not reachable; the service's own answers count as usual.
      const up = inCluster ? res.status < 400 : res.status < 500;
      result = {
        url: e.url,
        status: up ? 'up' : 'down',
        httpStatus: res.status,
        latencyMs: Date.now() - started,
        message: up ? undefined : downReason(res.status, Boolean(inCluster)),
        checkedAt: new Date().toISOString(),
      };
    } catch (error) {
      const refused =
        error instanceof OutboundRequestError &&
        (error.kind === 'not-allowed' || error.kind === 'blocked-address');
      result = {
        url: e.url,
        status: refused ? 'unchecked' : 'down',
        message: error instanceof Error ? error.message : String(error),
        checkedAt: new Date().toISOString(),
      };
      if (!refused) result.latencyMs = Date.now() - started;
    }
    for (const k of Object.keys(result) as Array<keyof typeof result>) {
      if (result[k] === undefined) delete result[k];
    }
    if (deps.ttlSeconds > 0) {
      await deps.cache.set(key, result, { ttl: deps.ttlSeconds * 1000 });
    }
    return { ...e, ...result };
  }
  return (endpoints: DeclaredEndpoint[]) => Promise.all(endpoints.map(probe));
}
