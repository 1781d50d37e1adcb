import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A STAND-IN for Google's IAM Credentials API (it is not Google), replaying the documented
 * contract of `generateAccessToken`
 * (https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken),
 * as google-auth-library's `Impersonated` client calls it (`src/auth/impersonated.ts`):
 *
 * - `POST /v1/projects/-/serviceAccounts/{email}:generateAccessToken`
 *   with `Authorization: Bearer <caller token>` and body `{ scope: [...], lifetime: "<n>s", delegates }`;
 * - 200 `{ accessToken, expireTime }` (RFC 3339) when the caller may impersonate the account
 *   (it holds roles/iam.serviceAccountTokenCreator on it: here, the `grants` list);
 * - 401 `UNAUTHENTICATED` without a valid caller token, 403 `PERMISSION_DENIED` without the
 *   grant (Google's message: "Permission 'iam.serviceAccounts.getAccessToken' denied on resource
 *   (or it may not exist)."), 400 `INVALID_ARGUMENT` for a lifetime over 3600s or no scope.
 *
 * Issued tokens are `stand-in-token-for-<email>` (one fixed token per account, so another
 * stand-in can be told which token to accept).
 */
export type IamCredentialsStandIn = {
  url: string;
  /** the generateAccessToken requests received, in order */
  requests: Array<{
    serviceAccount: string;
    authorization?: string;
    body: { scope?: string[]; lifetime?: string; delegates?: string[] };
  }>;
  /** how long issued tokens last (seconds; default: the requested lifetime) */
  expiresInSeconds?: number;
  close(): Promise<void>;
};

export function impersonatedTokenFor(serviceAccount: string): string {
  return `stand-in-token-for-${serviceAccount}`;
}

export async function startIamCredentialsStandIn(options: {
  /** the backend's own token (the caller) */
  callerToken: string;
  /** the accounts the caller may impersonate */
  grants: string[];
}): Promise<IamCredentialsStandIn> {
  const standIn: Omit<IamCredentialsStandIn, 'url' | 'close'> = {
    requests: [],
  };
  const fail = (
    res: http.ServerResponse,
    code: number,
    status: string,
    message: string,
  ) => {
    res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify({ error: { code, message, status } }));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const m =
        /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(
          req.url ?? '',
        );
      if (req.method !== 'POST' || !m) {
        fail(res, 404, 'NOT_FOUND', `No route ${req.method} ${req.url}`);
        return;
      }
      const serviceAccount = decodeURIComponent(m[1]);
      let body: IamCredentialsStandIn['requests'][number]['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        fail(res, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
        return;
      }
      standIn.requests.push({
        serviceAccount,
        authorization: req.headers.authorization,
        body,
      });
      if (req.headers.authorization !== `Bearer ${options.callerToken}`) {
        fail(
          res,
          401,
          'UNAUTHENTICATED',
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        );
        return;
      }
      const lifetime = Number(/^(\d+)s$/.exec(body.lifetime ?? '3600s')?.[1]);
      if (!body.scope?.length || !(lifetime > 0) || lifetime > 3600) {
        fail(
          res,
          400,
          'INVALID_ARGUMENT',
          'Request contains an invalid argument.',
        );
        return;
      }
      if (!options.grants.includes(serviceAccount)) {
        fail(
          res,
          403,
          'PERMISSION_DENIED',
          "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
        );
        return;
      }
      const seconds = standIn.expiresInSeconds ?? lifetime;
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(
        JSON.stringify({
          accessToken: impersonatedTokenFor(serviceAccount),
          expireTime: new Date(Date.now() + seconds * 1000).toISOString(),
        }),
      );
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>(r => server.close(() => r())),
  }) as IamCredentialsStandIn;
}
