import http from 'node:http';
import { Readable, Transform } from 'node:stream';
import https from 'node:https';
import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';

/** A resolved address of a host name. */
export type ResolvedAddress = { address: string; family: number };

/** Resolves a host name to every address it has (injected in tests). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = hostname =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Why a request was refused before or while connecting, or failed afterwards. */
export type OutboundErrorKind =
  | 'not-allowed'
  | 'blocked-address'
  | 'unreachable'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects';

export class OutboundRequestError extends Error {
  readonly kind: OutboundErrorKind;
  readonly url: string;
  constructor(kind: OutboundErrorKind, url: string, message: string) {
    super(message);
    this.name = 'OutboundRequestError';
    this.kind = kind;
    this.url = url;
  }
}

const METADATA_HOSTNAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/**
 * Link-local and cloud metadata addresses: never called, whatever the allowlist says.
 * 169.254.0.0/16 (incl. 169.254.169.254), fe80::/10, AWS's fd00:ec2::254, and IPv4-mapped forms.
 */
export function isBlockedAddress(address: string): boolean {
  let a = address.toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1];
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1], 16);
    const lo = parseInt(mappedHex[2], 16);
    a = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  if (net.isIPv4(a)) {
    const [p0, p1] = a.split('.').map(Number);
    return (p0 === 169 && p1 === 254) || p0 === 0;
  }
  if (net.isIPv6(a)) {
    return (
      /^fe[89ab][0-9a-f]?:/.test(a) ||
      a === 'fd00:ec2::254' ||
      a === '::' ||
      a === '::0'
    );
  }
  return false;
}

/** True for names that point at a cloud metadata service. */
export function isMetadataHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return METADATA_HOSTNAMES.has(h);
}

function bareHost(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function defaultPort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === 'https:' ? '443' : '80';
}

/**
 * Whether a URL's host is in an allowlist. Entries: `host` (any port), `host:port`, or
 * `*.domain` (any sub-domain of domain, any port). Comparison is case-insensitive.
 */
export function isHostAllowed(
  url: URL,
  allowedHosts: readonly string[],
): boolean {
  const host = bareHost(url.hostname);
  const port = defaultPort(url);
  return allowedHosts.some(raw => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    let entryHost = entry;
    let entryPort: string | undefined;
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (v6) {
      entryHost = v6[1];
      entryPort = v6[2];
    } else if (!net.isIPv6(entry)) {
      const m = /^(.*):(\d+)$/.exec(entry);
      if (m) {
        entryHost = m[1];
        entryPort = m[2];
      }
    }
    if (entryPort && entryPort !== port) return false;
    if (entryHost.startsWith('*.')) {
      return (
        host.endsWith(entryHost.slice(1)) && host.length > entryHost.length - 1
      );
    }
    return entryHost === host;
  });
}

/** Finds the per-host credential for a URL (`host:port` entries win over `host`). */
export function credentialFor(
  url: URL,
  credentials: ReadonlyArray<{ host: string; token: string }>,
): string | undefined {
  const exact = credentials.find(
    c => isHostAllowed(url, [c.host]) && c.host.includes(':'),
  );
  return (exact ?? credentials.find(c => isHostAllowed(url, [c.host])))?.token;
}

export type SafeRequest = {
  method: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string;
  /** resolve as soon as the status line and headers arrive; the body is discarded */
  headersOnly?: boolean;
  /** return a redirect answer as it is instead of following it */
  noRedirects?: boolean;
  /**
   * A bearer token for this call only (e.g. a cluster token). It is sent to the requested
   * host:port only, and dropped when a redirect leads anywhere else.
   */
  bearerToken?: string;
  /**
   * resolve when the headers arrive with the body as `stream` (same size cap and deadline,
   * enforced while it flows); redirects are still followed first
   */
  stream?: boolean;
};

export type SafeResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** the URL that answered, after redirects */
  url: string;
  /** the body, when the request asked for a stream (`body` is then empty) */
  stream?: Readable;
};

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

  // The decision depends only on scheme, host and port, and the allowlist is fixed for this
  // fetcher: an origin that passed is remembered (refusals are re-checked, they are rare).
  const passed = new Set<string>();
  function check(url: URL) {
    const origin = `${url.protocol}//${url.host}`;
    if (passed.has(origin)) return;
    checkOrigin(url);
    if (passed.size >= 1000) passed.clear();
    passed.add(origin);
  }

  function checkOrigin(url: URL) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OutboundRequestError(
        'not-allowed',
        url.toString(),
        `Refusing ${url.protocol} URL ${url}: only http and https are supported`,
      );
    }
    const host = bareHost(url.hostname);
    if (isMetadataHostname(host) || isBlockedAddress(host)) {
      throw new OutboundRequestError(
        'blocked-address',
        url.toString(),
        `Refusing to call ${url.origin}: link-local and cloud metadata addresses are never called`,
      );
    }
    if (!isHostAllowed(url, options.allowedHosts)) {
      throw new OutboundRequestError(
        'not-allowed',
        url.toString(),
        `Refusing to call ${
          url.host
        }: it is not in the allowed hosts (add it to ${
          options.allowlistKey ?? 'mx.mlflow.allowedHosts'
        } in app-config.yaml)`,
      );
    }
  }

  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolver(hostname).then(
      addresses => {
        const blocked = addresses.find(a => isBlockedAddress(a.address));
        if (blocked) {
          const err = new OutboundRequestError(
            'blocked-address',
            hostname,
            `Refusing to call ${hostname}: it resolves to ${blocked.address}, a link-local or cloud metadata address`,
          );
          (callback as (e: Error) => void)(err);
          return;
        }
        if (addresses.length === 0) {
          (callback as (e: Error) => void)(
            Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
              code: 'ENOTFOUND',
            }),
          );
          return;
        }
        const wanted = lookupOptions?.family;
        const usable = addresses.filter(
          a => !wanted || wanted === 0 || a.family === wanted,
        );
        const list = usable.length ? usable : addresses;
        if (lookupOptions?.all) {
          (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(
            null,
            list,
          );
        } else {
          callback(null, list[0].address, list[0].family);
        }
      },
      (error: Error) => (callback as (e: Error) => void)(error),
    );
  };

  /** One exchange; a reused keep-alive socket the server had already closed is retried once. */
  async function once(
    url: URL,
    request: SafeRequest,
    deadline: number,
  ): Promise<SafeResponse> {
    try {
      return await exchange(url, request, deadline);
    } catch (error) {
      if ((error as { staleSocket?: boolean }).staleSocket) {
        return exchange(url, request, deadline);
      }
      throw error;
    }
  }

  function exchange(
    url: URL,
    request: SafeRequest,
    deadline: number,
  ): Promise<SafeResponse> {
    return new Promise<SafeResponse>((resolve, reject) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        reject(timeoutError(url));
        return;
      }
      const headers: Record<string, string> = { ...(request.headers ?? {}) };
      const token =
        request.bearerToken ??
        (options.credentials
          ? credentialFor(url, options.credentials)
          : undefined);
      if (token) headers.authorization = `Bearer ${token}`;
      if (request.body !== undefined) {
        headers['content-length'] = String(Buffer.byteLength(request.body));
      }
      const lib = url.protocol === 'https:' ? https : http;
      let settled = false;
      let timer: NodeJS.Timeout | undefined = undefined;
      let streaming: Transform | undefined;
      const finish = (fn: () => void) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          fn();
        }
      };
      const req = lib.request(
        url,
        {
          method: request.method,
          headers,
          lookup: guardedLookup,
          agent: agents
            ? agents[url.protocol === 'https:' ? 'https' : 'http']
            : false,
          ...(!agents && options.tls ? options.tls : {}),
        },
        res => {
          if (request.headersOnly) {
            res.destroy();
            finish(() =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.alloc(0),
                url: url.toString(),
              }),
            );
            return;
          }
          const declared = Number(res.headers['content-length'] ?? NaN);
          if (declared > options.maxResponseBytes) {
            res.destroy();
            finish(() => reject(tooLarge(url)));
            return;
          }
          const status = res.statusCode ?? 0;
          const redirect =
            status >= 300 &&
            status < 400 &&
            res.headers.location &&
            !request.noRedirects;
          if (request.stream && !redirect) {
            // Hand the body on as it arrives; the cap and the deadline keep applying.
            let size = 0;
            const limited = new Transform({
              transform(chunk: Buffer, _encoding, callback) {
                size += chunk.length;
                if (size > options.maxResponseBytes) {
                  // destroy first, so the abort of the socket is not reported instead
                  this.destroy(tooLarge(url));
                  res.destroy();
                  return;
                }
                callback(null, chunk);
              },
            });
            streaming = limited;
            res.on('error', error => limited.destroy(unreachable(url, error)));
            res.on('aborted', () =>
              limited.destroy(unreachable(url, new Error('aborted'))),
            );
            limited.on('close', () => {
              clearTimeout(timer);
              if (!res.complete) res.destroy();
            });
            res.pipe(limited);
            settled = true;
            resolve({
              status,
              headers: res.headers,
              body: Buffer.alloc(0),
              url: url.toString(),
              stream: limited,
            });
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > options.maxResponseBytes) {
              res.destroy();
              req.destroy();
              finish(() => reject(tooLarge(url)));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () =>
            finish(() =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
                url: url.toString(),
              }),
            ),
          );
          res.on('error', error =>
            finish(() => reject(unreachable(url, error))),
          );
        },
      );
      timer = setTimeout(() => {
        streaming?.destroy(timeoutError(url));
        req.destroy();
        finish(() => reject(timeoutError(url)));
      }, remaining);
      req.on('error', error => {
        const code = (error as { code?: string }).code;
        if (
          req.reusedSocket &&
          !settled &&
          (code === 'ECONNRESET' || code === 'EPIPE')
        ) {
          finish(() => reject(Object.assign(error, { staleSocket: true })));
          return;
        }
        finish(() =>
          reject(
            error instanceof OutboundRequestError
              ? error
              : unreachable(url, error),
          ),
        );
      });
      if (request.body !== undefined) req.write(request.body);
      req.end();
    });
  }

  function timeoutError(url: URL) {
    return new OutboundRequestError(
      'timeout',
      url.toString(),
      `The ${target} at ${url.origin} did not answer within ${options.timeoutMs} ms`,
    );
  }
  function tooLarge(url: URL) {
    return new OutboundRequestError(
      'too-large',
      url.toString(),
      `The ${target} at ${url.origin} sent more than ${options.maxResponseBytes} bytes; narrow the request (fewer results per page)`,
    );
  }
  function unreachable(url: URL, error: Error) {
    const code = (error as { code?: string }).code;
    return new OutboundRequestError(
      'unreachable',
      url.toString(),
      `The ${target} at ${url.origin} is unreachable: ${code ?? error.message}`,
    );
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

/**
 * Reuses a host name's resolution for `ttlMs` (a burst of page requests resolves once). Failed
 * lookups are not cached, and the caller checks every address it gets, cached or not.
 */
export function cachedResolver(
  resolver: HostResolver,
  ttlMs: number,
): HostResolver {
  if (ttlMs <= 0) return resolver;
  const cache = new Map<
    string,
    { at: number; answer: Promise<ResolvedAddress[]> }
  >();
  return hostname => {
    const now = Date.now();
    const hit = cache.get(hostname);
    if (hit && now - hit.at < ttlMs) return hit.answer;
    const answer = resolver(hostname);
    cache.set(hostname, { at: now, answer });
    answer.catch(() => cache.delete(hostname));
    if (cache.size > 1000) {
      for (const [k, v] of cache) if (now - v.at >= ttlMs) cache.delete(k);
    }
    return answer;
  };
}

function withoutBodyHeaders(headers?: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (!/^content-(type|length)$/i.test(k)) out[k] = v;
  }
  return out;
}
