import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable, Transform } from 'node:stream';
import { OutboundRequestError, credentialFor } from './outboundRules';

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

/** What an exchange needs from its fetcher. */
export type ExchangeContext = {
  settings: {
    timeoutMs: number;
    maxResponseBytes: number;
    /** bearer tokens per host; a token is only ever sent to its own host */
    credentials?: ReadonlyArray<{ host: string; token: string }>;
    /** extra TLS options when no keep-alive agent carries them */
    tls?: { ca?: string | Buffer | Array<string | Buffer> };
  };
  /** keep-alive agents, or undefined for one connection per exchange */
  agents?: { http: http.Agent; https: https.Agent };
  lookup: LookupFunction;
  errors: OutboundErrors;
};

/** The errors of a failed exchange, worded for `target` (e.g. "MLflow tracking server"). */
export function outboundErrors(
  target: string,
  settings: { timeoutMs: number; maxResponseBytes: number },
) {
  return {
    timeout(url: URL) {
      return new OutboundRequestError(
        'timeout',
        url.toString(),
        `The ${target} at ${url.origin} did not answer within ${settings.timeoutMs} ms`,
      );
    },
    tooLarge(url: URL) {
      return new OutboundRequestError(
        'too-large',
        url.toString(),
        `The ${target} at ${url.origin} sent more than ${settings.maxResponseBytes} bytes; narrow the request (fewer results per page)`,
      );
    },
    unreachable(url: URL, error: Error) {
      const code = (error as { code?: string }).code;
      return new OutboundRequestError(
        'unreachable',
        url.toString(),
        `The ${target} at ${url.origin} is unreachable: ${
          code ?? error.message
        }`,
      );
    },
  };
}

export type OutboundErrors = ReturnType<typeof outboundErrors>;

/**
 * One HTTP exchange with an already checked URL: the socket is opened through the guarded
 * lookup (or reused from the keep-alive pool), the answer is capped at `maxResponseBytes` and the
 * whole exchange, streamed bodies included, ends at `deadline`. A reused keep-alive socket the
 * server had already closed fails with `staleSocket: true`, for the caller to retry once.
 */
export function exchange(
  ctx: ExchangeContext,
  url: URL,
  request: SafeRequest,
  deadline: number,
): Promise<SafeResponse> {
  const { settings: options, agents, errors } = ctx;
  return new Promise<SafeResponse>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      reject(errors.timeout(url));
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
        lookup: ctx.lookup,
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
          finish(() => reject(errors.tooLarge(url)));
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
                this.destroy(errors.tooLarge(url));
                res.destroy();
                return;
              }
              callback(null, chunk);
            },
          });
          streaming = limited;
          res.on('error', error =>
            limited.destroy(errors.unreachable(url, error)),
          );
          res.on('aborted', () =>
            limited.destroy(errors.unreachable(url, new Error('aborted'))),
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
            finish(() => reject(errors.tooLarge(url)));
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
          finish(() => reject(errors.unreachable(url, error))),
        );
      },
    );
    timer = setTimeout(() => {
      streaming?.destroy(errors.timeout(url));
      req.destroy();
      finish(() => reject(errors.timeout(url)));
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
            : errors.unreachable(url, error),
        ),
      );
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
