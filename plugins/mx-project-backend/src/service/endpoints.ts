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
import { OutboundRequestError, SafeFetcher } from './safeFetch';

type DeclaredEndpoint = Pick<ProjectEndpointHealth, 'title' | 'url' | 'source'>;

function humanise(key: string) {
  return key
    .replace(/[_-]+/g, ' ')
    .replace(/\burl\b/i, '')
    .trim()
    .replace(/^./, c => c.toUpperCase());
}

/**
 * Every endpoint a project declares: the `mx.backstage.io/endpoints` annotation, the entity's
 * `metadata.links`, URL-valued terraform outputs in the state, and the MLflow tracking server
 * when it is reachable from outside the cluster. Duplicated URLs are listed once.
 */
export function collectEndpoints(
  entity: Entity,
  state?: ProjectState,
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
  for (const e of parseEndpointsAnnotation(annotations[ANNOTATION_ENDPOINTS])) {
    add({ ...e, source: 'annotation' });
  }
  for (const link of entity.metadata.links ?? []) {
    if (isHttpUrl(link.url)) {
      add({ title: link.title ?? link.url, url: link.url, source: 'link' });
    }
  }
  for (const [key, output] of Object.entries(
    state?.infrastructure.outputs ?? {},
  )) {
    const { value } = terraformOutputValue(output);
    if (isHttpUrl(value)) {
      add({ title: humanise(key) || key, url: value, source: 'state-output' });
    }
  }
  const tracking = annotations[ANNOTATION_MLFLOW_TRACKING_URI];
  if (isHttpUrl(tracking) && !isClusterInternalUrl(tracking)) {
    add({ title: 'MLflow UI', url: tracking, source: 'mlflow' });
  }
  return out;
}

/** Probes endpoints (GET, short timeout, allowlisted hosts only) and caches results briefly. */
export function createEndpointProber(deps: {
  fetcher: SafeFetcher;
  cache: CacheService;
  ttlSeconds: number;
}) {
  async function probe(e: DeclaredEndpoint): Promise<ProjectEndpointHealth> {
    const key = `endpoint:${e.url}`;
    const cached = await deps.cache.get<
      Omit<ProjectEndpointHealth, 'title' | 'source'>
    >(key);
    if (cached) return { ...e, ...cached };
    const started = Date.now();
    let result: Omit<ProjectEndpointHealth, 'title' | 'source'>;
    try {
      // Any answer below 500 proves the endpoint is serving; a redirect (e.g. to a sign-in page
      // on another host) is an answer too, so it is not followed.
      const res = await deps.fetcher(e.url, {
        method: 'GET',
        headers: { accept: '*/*', 'user-agent': 'backstage-mx-project-health' },
        headersOnly: true,
        noRedirects: true,
      });
      const up = res.status < 500;
      result = {
        url: e.url,
        status: up ? 'up' : 'down',
        httpStatus: res.status,
        latencyMs: Date.now() - started,
        message: up ? undefined : `answered HTTP ${res.status}`,
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
