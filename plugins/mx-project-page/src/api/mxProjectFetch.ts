import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * One JSON call to the mx-project backend (`path` under its base URL) with the signed-in user's
 * identity: a POST with a JSON body when `body` is given, a GET otherwise. `fresh` sends
 * `Cache-Control: no-cache`: the backend's MLflow routes reuse answers for a few seconds, and this
 * asks MLflow again. An answer that is not 2xx throws a `ResponseError`.
 */
export async function fetchMxProject<T>(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  path: string,
  init: { body?: unknown; fresh?: boolean } = {},
): Promise<T> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('mx-project');
  const headers: Record<string, string> = {};
  if (init.fresh) headers['Cache-Control'] = 'no-cache';
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await apis.fetchApi.fetch(`${baseUrl}${path}`, {
    method: init.body !== undefined ? 'POST' : 'GET',
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) {
    throw await ResponseError.fromResponse(res);
  }
  return (await res.json()) as T;
}
