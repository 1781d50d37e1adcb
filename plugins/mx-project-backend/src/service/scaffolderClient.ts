import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** Calls the scaffolder's REST API as the caller (an on-behalf-of token). */
export type ScaffolderCall = (
  credentials: BackstageCredentials,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) => Promise<any>;

export function createScaffolderCall(deps: {
  auth: AuthService;
  discovery: DiscoveryService;
}): ScaffolderCall {
  const { auth, discovery } = deps;
  return async function scaffolder(credentials, method, path, body) {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'scaffolder',
    });
    const res = await fetch(
      `${await discovery.getBaseUrl('scaffolder')}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  };
}
