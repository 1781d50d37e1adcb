/*
 * A STAND-IN for a Kubernetes API server's service proxy, for tests and browser tests.
 *
 * A real cluster cannot run on our build machines, so this is a small local server (127.0.0.1,
 * random port, plain HTTP or HTTPS with a certificate made at test time) that replays the part of
 * the kube-apiserver contract the mx-project backend uses:
 *
 *   <METHOD> /api/v1/namespaces/<ns>/services/[<scheme>:]<name>[:<port>]/proxy/<path>?<query>
 *
 * - every request needs `Authorization: Bearer <token>`; otherwise 401 with a v1 Status
 *   (reason Unauthorized), as the authentication filter answers
 *   (kubernetes/staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go);
 * - the Authorization header is removed before proxying, as the apiserver's authentication filter
 *   does after authenticating (staging/src/k8s.io/apiserver/pkg/endpoints/filters/authentication.go);
 * - an unknown namespace or service answers 404 with a v1 Status
 *   `services "<name>" not found` (reason NotFound, details {name, kind: services}), and a port
 *   the service does not have answers 503 (pkg/registry/core/service/storage/rest.go,
 *   ResourceLocation);
 * - everything else is forwarded to the backing server with method, path, query and body.
 *
 * It is not Kubernetes: no RBAC (one accepted token), no Endpoints objects, no redirect rewriting.
 */
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';

export type StandInService = {
  namespace: string;
  name: string;
  /** service ports: name → port number */
  ports: Record<string, number>;
  /** the backing server, e.g. the MLflow stand-in's URL */
  target: string;
};

export type KubernetesApiStandInOptions = {
  services: StandInService[];
  /** the only bearer token accepted */
  token: string;
  /** serve HTTPS with this certificate (see {@link selfSignedCertificate}) */
  tls?: { key: string; cert: string };
  port?: number;
};

export type KubernetesApiStandIn = {
  /** the API server base URL, e.g. https://127.0.0.1:41234 */
  url: string;
  port: number;
  requests: Array<{ method: string; path: string; authorized: boolean }>;
  close(): Promise<void>;
};

function status(
  code: number,
  reason: string,
  message: string,
  details?: object,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

const PROXY_PATH =
  /^\/api\/v1\/namespaces\/([^/]+)\/services\/(?:(https?):)?([^/:]+)(?::([^/]+))?\/proxy(\/.*)?$/;

export async function startKubernetesApiStandIn(
  options: KubernetesApiStandInOptions,
): Promise<KubernetesApiStandIn> {
  const requests: KubernetesApiStandIn['requests'] = [];
  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const send = (code: number, body: object) => {
      const text = JSON.stringify(body);
      res.writeHead(code, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const authorized = req.headers.authorization === `Bearer ${options.token}`;
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      authorized,
    });
    if (!authorized) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const m = PROXY_PATH.exec(url.pathname);
    if (!m) {
      send(
        404,
        status(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      );
      return;
    }
    const [, namespace, , name, portRef, rest] = m;
    const service = options.services.find(
      s =>
        s.namespace === decodeURIComponent(namespace) &&
        s.name === decodeURIComponent(name),
    );
    if (!service) {
      send(
        404,
        status(
          404,
          'NotFound',
          `services "${decodeURIComponent(name)}" not found`,
          {
            name: decodeURIComponent(name),
            kind: 'services',
          },
        ),
      );
      return;
    }
    const ports = Object.entries(service.ports);
    let port: [string, number] | undefined;
    if (portRef) {
      port = ports.find(([n, p]) => n === portRef || String(p) === portRef);
    } else if (ports.length === 1) port = ports[0];
    if (!port) {
      send(
        503,
        status(
          503,
          'ServiceUnavailable',
          `no endpoints available for service "${name}"`,
        ),
      );
      return;
    }
    const target = new URL(`${rest ?? '/'}${url.search}`, service.target);
    const headers = { ...req.headers, host: target.host };
    delete headers.authorization;
    const upstream = http.request(
      target,
      { method: req.method, headers },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', error =>
      send(
        503,
        status(
          503,
          'ServiceUnavailable',
          `error trying to reach service: ${error.message}`,
        ),
      ),
    );
    req.pipe(upstream);
  };

  const server = options.tls
    ? https.createServer(
        { key: options.tls.key, cert: options.tls.cert },
        handler,
      )
    : http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve),
  );
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A self-signed certificate for 127.0.0.1 made with the openssl CLI at test time (never
 * committed): `cert` doubles as the cluster CA, as GKE's `cluster_ca_certificate` does.
 */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-stand-in-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=kubernetes-stand-in',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return {
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
