/**
 * The stand-in's HTTP server: records each request, applies the simulated failure
 * (`behaviour`) and otherwise answers through the MLflow routes.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generateStandInData } from './data';
import { MlflowApiError } from './errors';
import { paramsOf, readBody, send, sendHuge } from './http';
import { dispatch, registeredModels, RouteContext } from './routes';
import type {
  MlflowStandIn,
  RequestParams,
  StandInBehaviour,
  StandInOptions,
} from './types';

const DEFAULT_BEHAVIOUR: StandInBehaviour = {
  mode: 'ok',
  delayMs: 30_000,
  hugeBytes: 64 * 1024 * 1024,
};

/** MLflow's own liveness route and UI root, answered only while behaving normally. */
function answerHealthOrRoot(
  res: http.ServerResponse,
  pathname: string,
): boolean {
  if (pathname === '/health') {
    send(res, 200, 'OK', 'text/plain');
    return true;
  }
  if (pathname === '/') {
    send(
      res,
      200,
      '<html><title>MLflow (stand-in)</title></html>',
      'text/html',
    );
    return true;
  }
  return false;
}

function answerApi(
  res: http.ServerResponse,
  method: string,
  url: URL,
  params: RequestParams,
  ctx: RouteContext,
  behaviour: StandInBehaviour,
) {
  try {
    const answer = dispatch(method, url.pathname, params, ctx);
    if (behaviour.mode === 'wrong-shape') {
      send(res, 200, { runs: 'not a list', experiments: 42, metrics: {} });
      return;
    }
    send(res, 200, answer);
  } catch (error) {
    if (error instanceof MlflowApiError) {
      send(res, error.status, {
        error_code: error.errorCode,
        message: error.message,
      });
    } else {
      send(res, 500, { error_code: 'INTERNAL_ERROR', message: String(error) });
    }
  }
}

/**
 * Starts the MLflow stand-in on 127.0.0.1 (random port). Change `behaviour` to simulate slow,
 * broken or redirecting servers; `reset()` restores normal behaviour and clears `requests`.
 */
export async function startMlflowStandIn(
  options: StandInOptions = {},
): Promise<MlflowStandIn> {
  const data = generateStandInData(options);
  const ctx: RouteContext = { data, models: registeredModels(data) };
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();

  const standIn: Omit<MlflowStandIn, 'url' | 'port' | 'close'> = {
    behaviour: { ...DEFAULT_BEHAVIOUR },
    requests: [],
    data,
    reset() {
      standIn.behaviour = { ...DEFAULT_BEHAVIOUR };
      standIn.requests.length = 0;
    },
  };

  const wait = (ms: number) =>
    new Promise<void>(resolve => {
      const t = setTimeout(() => {
        pending.delete(t);
        resolve();
      }, ms);
      pending.add(t);
    });

  const server = http.createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const text = await readBody(req);
    let params: RequestParams;
    try {
      params = paramsOf(method, url, text);
    } catch {
      send(res, 400, {
        error_code: 'MALFORMED_REQUEST',
        message: 'Request body is not valid JSON',
      });
      return;
    }
    standIn.requests.push({
      method,
      path: url.pathname,
      headers: req.headers,
      body: params,
      remotePort: req.socket.remotePort,
    });
    const b = standIn.behaviour;
    if (b.mode === 'ok' && !b.redirectTo && method === 'GET') {
      if (answerHealthOrRoot(res, url.pathname)) return;
    }
    if (b.redirectTo) {
      const target = b.redirectTo.replace(/\/+$/, '');
      res.writeHead(307, { location: `${target}${url.pathname}${url.search}` });
      res.end();
      return;
    }
    if (
      b.requireToken &&
      req.headers.authorization !== `Bearer ${b.requireToken}`
    ) {
      send(res, 401, {
        error_code: 'UNAUTHENTICATED',
        message: 'Missing or invalid bearer token',
      });
      return;
    }
    if (b.mode === 'slow') await wait(b.delayMs);
    if (b.mode === 'malformed') {
      send(
        res,
        200,
        '<html><body>Sign in to continue</body></html>',
        'text/html',
      );
      return;
    }
    if (b.mode === 'error') {
      send(res, 500, {
        error_code: 'INTERNAL_ERROR',
        message: 'database is locked',
      });
      return;
    }
    if (b.mode === 'huge') {
      sendHuge(res, b.hugeBytes);
      return;
    }
    answerApi(res, method, url, params, ctx, b);
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn as MlflowStandIn, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>(resolve => {
        for (const t of pending) clearTimeout(t);
        pending.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
