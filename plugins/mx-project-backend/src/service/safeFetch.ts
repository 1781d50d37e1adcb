import http from 'node:http';
import https from 'node:https';
import { checkOutboundUrl, OutboundRequestError } from './outboundRules';
import {
  HostResolver,
  cachedResolver,
  createGuardedLookup,
  systemResolver,
} from './hostResolution';
import {
  ExchangeContext,
  SafeRequest,
  SafeResponse,
  exchange,
  outboundErrors,
} from './httpExchange';

export type { SafeRequest, SafeResponse } from './httpExchange';

export type SafeFetcherOptions = {
  allowedHosts: readonly string[];
  timeoutMs: number;
  maxResponseBytes: number;
  /** bearer tokens per host; a token is only ever sent to its own host */
  credentials?: ReadonlyArray<{ host: string; token: string }>;
  maxRedirects?: number;
  resolver?: HostResolver;
  /** a label for error messages, e.g. "MLflow tracking server" */
  targetName?: string;
  /** the config key to mention when a host is refused */
  allowlistKey?: string;
  /**
   * How long (ms) a host name's checked DNS answer is reused for a burst of requests (default
   * 5000; 0 turns the cache off). Only answers that passed the link-local/metadata check are
   * kept, and every new connection still connects to a checked address.
   */
  dnsCacheMs?: number;
  /** Reuse connections (keep-alive) to the same host (default true). */
  keepAlive?: boolean;
  /** Extra TLS options for https hosts, e.g. a cluster CA (`ca`) from the Terraform outputs. */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
};

export type SafeFetcher = (
  url: string,
  request: SafeRequest,
) => Promise<SafeResponse>;

/**
 * An outbound HTTP client that only talks to allowed hosts (no SSRF): deny by default, metadata
 * and link-local addresses refused before and after DNS resolution (the checked address is the
 * one connected to), redirects followed manually and only within allowed hosts, one deadline
 * for the whole exchange, and a cap on the answer's size.
 */
export function createSafeFetcher(options: SafeFetcherOptions): SafeFetcher {
  const resolver = cachedResolver(
    options.resolver ?? systemResolver,
    options.dnsCacheMs ?? 5000,
  );
  // Keep-alive: a pooled socket was opened through `guardedLookup`, so it is connected to an
  // address that passed the checks; the allowlist is still checked for every request.
  const keepAlive = options.keepAlive ?? true;
  const agents = keepAlive
    ? {
        http: new http.Agent({
          keepAlive: true,
          maxSockets: 32,
          maxFreeSockets: 8,
          timeout: 30_000,
          scheduling: 'lifo',
        }),
        https: new https.Agent({
          keepAlive: true,
          maxSockets: 32,
          maxFreeSockets: 8,
          timeout: 30_000,
          scheduling: 'lifo',
          ...(options.tls ?? {}),
        }),
      }
    : undefined;
  const maxRedirects = options.maxRedirects ?? 5;
  const target = options.targetName ?? 'host';

  const ctx: ExchangeContext = {
    settings: options,
    agents,
    lookup: createGuardedLookup(resolver),
    errors: outboundErrors(target, options),
  };

  // The decision depends only on scheme, host and port, and the allowlist is fixed for this
  // fetcher: an origin that passed is remembered (refusals are re-checked, they are rare).
  const passed = new Set<string>();
  function check(url: URL) {
    const origin = `${url.protocol}//${url.host}`;
    if (passed.has(origin)) return;
    checkOutboundUrl(url, options.allowedHosts, options.allowlistKey);
    if (passed.size >= 1000) passed.clear();
    passed.add(origin);
  }

  /** One exchange; a reused keep-alive socket the server had already closed is retried once. */
  async function once(
    url: URL,
    request: SafeRequest,
    deadline: number,
  ): Promise<SafeResponse> {
    try {
      return await exchange(ctx, url, request, deadline);
    } catch (error) {
      if ((error as { staleSocket?: boolean }).staleSocket) {
        return exchange(ctx, url, request, deadline);
      }
      throw error;
    }
  }

  return async (rawUrl, request) => {
    let url = new URL(rawUrl);
    let current = request;
    const deadline = Date.now() + options.timeoutMs;
    for (let hop = 0; ; hop++) {
      check(url);
      const res = await once(url, current, deadline);
      const location = res.headers.location;
      if (
        res.status >= 300 &&
        res.status < 400 &&
        location &&
        !current.noRedirects
      ) {
        if (hop >= maxRedirects) {
          throw new OutboundRequestError(
            'too-many-redirects',
            url.toString(),
            `The ${target} at ${url.origin} redirected more than ${maxRedirects} times`,
          );
        }
        const next = new URL(location, url);
        if (
          res.status === 303 ||
          ((res.status === 301 || res.status === 302) &&
            current.method === 'POST')
        ) {
          current = {
            ...current,
            method: 'GET',
            body: undefined,
            headers: withoutBodyHeaders(current.headers),
          };
        }
        if (current.bearerToken && next.host !== url.host) {
          current = { ...current, bearerToken: undefined };
        }
        url = next;
        continue;
      }
      return res;
    }
  };
}

function withoutBodyHeaders(headers?: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (!/^content-(type|length)$/i.test(k)) out[k] = v;
  }
  return out;
}
