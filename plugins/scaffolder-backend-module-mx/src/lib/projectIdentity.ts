import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  OPERATOR_SERVICE_ACCOUNT_EMAIL as SA_EMAIL,
  ProjectState,
  operatorServiceAccountOf,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliError, CliRunner } from '../cli/runner';
import {
  gcloudCredentialEnv,
  readGoogleCredentials,
  terraformCredentialEnv,
} from './credentials';

/**
 * One identity per client project. Every mx action that calls GCP (terraform, gcloud, kubectl,
 * devspace) gets its credentials here:
 *
 * 1. a task secret named by `credentialsSecret` (a service-account key or an access token), when
 *    the template passes one: kept for the bootstrap and for sites without impersonation;
 * 2. with `mx.gcp.impersonation.enabled`, a short-lived token of the project's own operator
 *    service account (`infrastructure.operatorServiceAccount` in `.mx/state.yaml`, else the
 *    `operator_service_account` Terraform output the ml-project skeleton creates), minted by the
 *    backend's identity with `gcloud auth print-access-token --impersonate-service-account`;
 * 3. otherwise the backend's own ambient credentials (the embedded default's behaviour).
 *
 * The token reaches the tools by environment only, and is redacted from every log line and result.
 */
export interface ProjectIdentity {
  source: 'impersonation' | 'credentials-secret' | 'backend';
  /** The service account impersonated (source `impersonation`). */
  serviceAccount?: string;
  /** For terraform's google provider. */
  terraformEnv: Record<string, string>;
  /** For gcloud, and for kubectl/devspace through the kubeconfig gcloud writes (gke-gcloud-auth-plugin runs gcloud with this environment). */
  gcloudEnv: Record<string, string>;
  /** Values to redact (the token, the key). */
  secrets: string[];
  /** One line for the task log; never contains a secret. */
  describe: string;
}

export interface ImpersonationSettings {
  enabled: boolean;
  /** Token lifetime in seconds (`--lifetime`); gcloud's default (3600) when absent. */
  lifetimeSeconds?: number;
  /** The backend's own service account: Terraform grants it roles/iam.serviceAccountTokenCreator on the operator. */
  backendServiceAccount?: string;
}

/** Reads `mx.gcp.impersonation`; off unless configured (the embedded default keeps its behaviour). */
export function readImpersonationSettings(
  config: Config,
): ImpersonationSettings {
  const c = config.getOptionalConfig('mx.gcp.impersonation');
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? false,
    lifetimeSeconds: c?.getOptionalNumber('tokenLifetimeSeconds'),
    backendServiceAccount: c?.getOptionalString('backendServiceAccount'),
  };
}

// The operator account's naming rules are shared with the project page's cluster path.
export { operatorServiceAccountOf };

export function bootstrapMessage(state: ProjectState): string {
  const p = state.project;
  return `Project ${p.name} (GCP project ${p.gcpProjectId}) has no operator service account yet, and mx.gcp.impersonation is on, so MX will not use the backend's own identity on it. Bootstrap it once: a platform admin runs "Apply infrastructure" with their own short-lived token in the credentials secret (the output of \`gcloud auth print-access-token\`; with bootstrapBucket ticked on the very first apply); that apply creates the operator service account (Terraform output operator_service_account) and records it in .mx/state.yaml. Or name an existing account in .mx/state.yaml as infrastructure.operatorServiceAccount. See "One identity per client project: bootstrap" in docs/day-2-operations.md.`;
}

/**
 * Resolves the identity an action uses on the project's GCP project. `privateDir` is a scratch
 * folder (mode 0700, removed by the caller) for the token file gcloud reads.
 */
export async function resolveProjectIdentity(opts: {
  config: Config;
  runner: CliRunner;
  state: ProjectState;
  taskSecrets: Record<string, string> | undefined;
  credentialsSecret: string | undefined;
  privateDir: string;
  cwd: string;
  logger?: LoggerService;
  signal?: AbortSignal;
}): Promise<ProjectIdentity> {
  const { state } = opts;
  const settings = readImpersonationSettings(opts.config);
  const backendVar: Record<string, string> = settings.backendServiceAccount
    ? { TF_VAR_mx_backend_service_account: settings.backendServiceAccount }
    : {};

  const creds = readGoogleCredentials(opts.taskSecrets, opts.credentialsSecret);
  if (creds) {
    return {
      source: 'credentials-secret',
      terraformEnv: { ...backendVar, ...terraformCredentialEnv(creds) },
      gcloudEnv: await gcloudCredentialEnv(creds, opts.privateDir),
      secrets: creds.redact,
      describe: `Operating ${state.project.gcpProjectId} with the ${creds.kind} in the task secret '${opts.credentialsSecret}'`,
    };
  }
  if (!settings.enabled) {
    return {
      source: 'backend',
      terraformEnv: { ...backendVar },
      gcloudEnv: {},
      secrets: [],
      describe: `Operating ${state.project.gcpProjectId} with the backend's own credentials (mx.gcp.impersonation is off)`,
    };
  }

  const sa = operatorServiceAccountOf(state);
  if (!sa) throw new InputError(bootstrapMessage(state));
  const m = SA_EMAIL.exec(sa);
  if (!m) {
    throw new InputError(
      `The operator service account of ${state.project.name} ('${sa}') is not a service-account email (<name>@<project>.iam.gserviceaccount.com): fix infrastructure.operatorServiceAccount in .mx/state.yaml`,
    );
  }
  // The Chinese wall: a project is operated only by an account of its own GCP project.
  if (m[1] !== state.project.gcpProjectId) {
    throw new InputError(
      `The operator service account ${sa} belongs to GCP project ${m[1]}, not to ${state.project.gcpProjectId} of ${state.project.name}: each client project is operated by its own account. Fix infrastructure.operatorServiceAccount in .mx/state.yaml`,
    );
  }

  // https://cloud.google.com/sdk/gcloud/reference/auth/print-access-token: prints the token on
  // stdout (kept out of the log: quietStdout); --lifetime needs --impersonate-service-account.
  let token: string;
  try {
    const r = await opts.runner.run({
      command: 'gcloud',
      args: [
        'auth',
        'print-access-token',
        `--impersonate-service-account=${sa}`,
        ...(settings.lifetimeSeconds
          ? [`--lifetime=${settings.lifetimeSeconds}`]
          : []),
        '--quiet',
      ],
      cwd: opts.cwd,
      env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1' },
      quietStdout: true,
      logger: opts.logger,
      signal: opts.signal,
    });
    token = r.stdout.trim();
  } catch (e) {
    if (e instanceof CliError && !e.result.cancelled) {
      throw new InputError(
        `The backend could not impersonate ${sa}, the operator of ${state.project.name}: ${e.message}. Grant the backend's service account roles/iam.serviceAccountTokenCreator on ${sa} (Terraform does when mx.gcp.impersonation.backendServiceAccount is set; else: gcloud iam service-accounts add-iam-policy-binding ${sa} --member=serviceAccount:<backend account> --role=roles/iam.serviceAccountTokenCreator)`,
      );
    }
    throw e;
  }
  if (!token || /\s/.test(token)) {
    throw new InputError(
      `gcloud auth print-access-token --impersonate-service-account=${sa} printed no single token`,
    );
  }
  // gcloud takes a token from a file only (property auth/access_token_file,
  // https://cloud.google.com/sdk/docs/authenticate "Provide an access token"); the file lives in
  // the private scratch folder and is named by environment.
  const file = path.join(opts.privateDir, 'gcloud-access-token');
  await fs.writeFile(file, token, { mode: 0o600 });
  return {
    source: 'impersonation',
    serviceAccount: sa,
    // https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference#access_token
    terraformEnv: { ...backendVar, GOOGLE_OAUTH_ACCESS_TOKEN: token },
    gcloudEnv: { CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: file },
    secrets: [token],
    describe: `Operating ${state.project.gcpProjectId} as ${sa} (short-lived impersonated token)`,
  };
}

/** What `resolveTaskIdentity` reads of an action's context. */
export interface IdentityTaskContext {
  secrets?: Record<string, string>;
  logger: LoggerService;
  signal?: AbortSignal;
}

/**
 * The project's identity for one action run (the task's secrets, logger and signal), logged
 * in one line: what terraform, devspace and Cloud Build actions call before touching GCP.
 */
export async function resolveTaskIdentity(
  deps: { config: Config; runner: CliRunner },
  ctx: IdentityTaskContext,
  opts: {
    state: ProjectState;
    credentialsSecret: string | undefined;
    /** The run's private scratch folder (for gcloud's credential files). */
    privateDir: string;
    cwd: string;
  },
): Promise<ProjectIdentity> {
  const identity = await resolveProjectIdentity({
    config: deps.config,
    runner: deps.runner,
    state: opts.state,
    taskSecrets: ctx.secrets,
    credentialsSecret: opts.credentialsSecret,
    privateDir: opts.privateDir,
    cwd: opts.cwd,
    logger: ctx.logger,
    signal: ctx.signal,
  });
  ctx.logger.info(identity.describe);
  return identity;
}
