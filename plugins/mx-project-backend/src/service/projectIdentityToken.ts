import { AuthClient, GoogleAuth, Impersonated } from 'google-auth-library';
import type { Config } from '@backstage/config';
import {
  ProjectState,
  checkOperatorServiceAccount,
} from '@mx-backstage/plugin-mx-common';
import type { ClusterTokenProvider } from './cluster';

/**
 * The project's own identity on the cluster path: the backend impersonates the project's operator
 * service account (the account the mx actions impersonate, same `mx.gcp.impersonation` settings)
 * through the IAM Credentials API `generateAccessToken`
 * (https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken),
 * with google-auth-library's `Impersonated` client and the backend's Application Default
 * Credentials as the source. Each account's token is reused until it is about to expire.
 */

export const IAM_CREDENTIALS_ENDPOINT = 'https://iamcredentials.googleapis.com';
export const CLOUD_PLATFORM_SCOPE =
  'https://www.googleapis.com/auth/cloud-platform';

/** `mx.gcp.impersonation` as the cluster path reads it (the actions read the same keys). */
export function readClusterImpersonation(config: Config): {
  enabled: boolean;
  lifetimeSeconds: number;
} {
  const c = config.getOptionalConfig('mx.gcp.impersonation');
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? false,
    lifetimeSeconds: c?.getOptionalNumber('tokenLifetimeSeconds') ?? 3600,
  };
}

/** What an impersonated token cannot be issued without, worded for the person who fixes it. */
export function operatorAccountError(state: ProjectState): Error | undefined {
  const check = checkOperatorServiceAccount(state);
  const p = state.project;
  if (check.ok) return undefined;
  switch (check.reason) {
    case 'missing':
      return new Error(
        `project ${p.name} has no operator service account yet (no operator_service_account Terraform output and no infrastructure.operatorServiceAccount in .mx/state.yaml), and mx.gcp.impersonation is on: apply its infrastructure once (see "One identity per client project: bootstrap" in docs/day-2-operations.md)`,
      );
    case 'not-an-email':
      return new Error(
        `the operator service account of ${p.name} ('${check.serviceAccount}') is not a service-account email (<name>@<project>.iam.gserviceaccount.com): fix infrastructure.operatorServiceAccount in .mx/state.yaml`,
      );
    default:
      return new Error(
        `the operator service account ${check.serviceAccount} belongs to GCP project ${check.gcpProjectId}, not to ${p.gcpProjectId} of ${p.name}: each client project is reached only with its own account. Fix infrastructure.operatorServiceAccount in .mx/state.yaml`,
      );
  }
}

export type ImpersonatedTokenOptions = {
  /** token lifetime in seconds (`mx.gcp.impersonation.tokenLifetimeSeconds`, default 3600) */
  lifetimeSeconds?: number;
  /** the backend's own credentials (default: Application Default Credentials) */
  sourceClient?: AuthClient;
  /** the IAM Credentials API base URL (default {@link IAM_CREDENTIALS_ENDPOINT}; tests: a stand-in) */
  endpoint?: string;
  scopes?: string[];
};

/**
 * A {@link ClusterTokenProvider} that sends each project's cluster API server a token of that
 * project's operator service account, never the backend's own.
 */
export function impersonatedClusterTokenProvider(
  options: ImpersonatedTokenOptions = {},
): ClusterTokenProvider {
  let source: Promise<AuthClient> | undefined = options.sourceClient
    ? Promise.resolve(options.sourceClient)
    : undefined;
  const sourceClient = () => {
    source ??= new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] }).getClient();
    return source;
  };
  const clients = new Map<string, Impersonated>();
  const pending = new Map<string, Promise<string>>();

  async function issue(serviceAccount: string): Promise<string> {
    let client = clients.get(serviceAccount);
    if (!client) {
      if (clients.size >= 500) clients.clear();
      client = new Impersonated({
        sourceClient: await sourceClient(),
        targetPrincipal: serviceAccount,
        targetScopes: options.scopes ?? [CLOUD_PLATFORM_SCOPE],
        lifetime: options.lifetimeSeconds ?? 3600,
        delegates: [],
        endpoint: options.endpoint ?? IAM_CREDENTIALS_ENDPOINT,
      });
      clients.set(serviceAccount, client);
    }
    // Impersonated keeps the token and asks for a new one only when it is about to expire.
    const { token } = await client.getAccessToken();
    if (!token) {
      throw new Error(`IAM Credentials issued no token for ${serviceAccount}`);
    }
    return token;
  }

  return {
    async token({ state }) {
      const problem = operatorAccountError(state);
      if (problem) throw problem;
      const check = checkOperatorServiceAccount(state);
      const serviceAccount = check.ok ? check.serviceAccount : '';
      // one request per account at a time: a page load asks for the same token at once
      let inFlight = pending.get(serviceAccount);
      if (!inFlight) {
        inFlight = issue(serviceAccount).catch(error => {
          const detail = error instanceof Error ? error.message : String(error);
          throw new Error(
            `the backend could not impersonate ${serviceAccount}, the operator of ${state.project.name}: ${detail}. Grant the backend's service account roles/iam.serviceAccountTokenCreator on ${serviceAccount} (Terraform does when mx.gcp.impersonation.backendServiceAccount is set)`,
          );
        });
        pending.set(serviceAccount, inFlight);
        inFlight.then(
          () => pending.delete(serviceAccount),
          () => pending.delete(serviceAccount),
        );
      }
      return inFlight;
    },
  };
}
