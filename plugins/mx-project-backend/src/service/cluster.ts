import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';
import {
  ProjectState,
  terraformOutputValue,
} from '@mx-backstage/plugin-mx-common';
import { GatewayError } from './errors';
import { SafeFetcher, createSafeFetcher } from './safeFetch';
import type { HostResolver } from './hostResolution';

/**
 * The private path to a project's in-cluster services: the Kubernetes API server's service proxy
 * (`/api/v1/namespaces/<ns>/services/<svc>:<port>/proxy/<path>`), on the cluster endpoint the
 * project's Terraform outputs name, with a bearer token for the project. Nothing in the cluster is
 * exposed for it: the API server is the only door, and it checks the token (RBAC `services/proxy`).
 */

/** Terraform outputs of the ml-project template that locate its GKE cluster. */
export const CLUSTER_OUTPUTS = {
  endpoint: 'cluster_endpoint',
  caCertificate: 'cluster_ca_certificate',
  name: 'cluster_name',
  location: 'cluster_location',
} as const;

/** A project's cluster, as its recorded Terraform outputs describe it. */
export type ProjectCluster = {
  /** the API server base URL, e.g. `https://34.1.2.3` */
  endpoint: string;
  /** PEM CA certificate(s) of the API server, when the outputs record it */
  caPem?: string;
  name?: string;
  location?: string;
};

/** A Service in the cluster, e.g. the MLflow tracking server `mlflow/mlflow:5000`. */
export type ClusterService = {
  namespace: string;
  service: string;
  port: number;
};

function outputString(state: ProjectState, key: string): string | undefined {
  const { value } = terraformOutputValue(state.infrastructure.outputs?.[key]);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The cluster of a project from `infrastructure.outputs` in its state, or undefined when the
 * infrastructure was not applied yet (no `cluster_endpoint` output). GKE gives the endpoint as a
 * bare address and the CA as base64 PEM (`master_auth[0].cluster_ca_certificate`); both are
 * accepted as they come, or already as a URL / PEM.
 */
export function clusterFromState(
  state: ProjectState,
): ProjectCluster | undefined {
  const raw = outputString(state, CLUSTER_OUTPUTS.endpoint);
  if (!raw) return undefined;
  const endpoint = (/^https?:\/\//i.test(raw) ? raw : `https://${raw}`).replace(
    /\/+$/,
    '',
  );
  let caPem = outputString(state, CLUSTER_OUTPUTS.caCertificate);
  if (caPem && !caPem.includes('-----BEGIN')) {
    caPem = Buffer.from(caPem, 'base64').toString('utf8');
  }
  return {
    endpoint,
    caPem,
    name: outputString(state, CLUSTER_OUTPUTS.name),
    location: outputString(state, CLUSTER_OUTPUTS.location),
  };
}

/** The service-proxy URL of `service` in `cluster` (no trailing slash). */
export function serviceProxyUrl(
  cluster: ProjectCluster,
  service: ClusterService,
): string {
  const seg = encodeURIComponent;
  return `${cluster.endpoint}/api/v1/namespaces/${seg(
    service.namespace,
  )}/services/${seg(service.service)}:${service.port}/proxy`;
}

/** Parses `<namespace>/<service>:<port>`. */
export function parseClusterService(value: string): ClusterService {
  const m = /^([a-z0-9-]+)\/([a-z0-9-]+):(\d+)$/.exec(value.trim());
  if (!m) {
    throw new Error(
      `'${value}' is not a cluster service; write <namespace>/<service>:<port>, e.g. mlflow/mlflow:5000`,
    );
  }
  return { namespace: m[1], service: m[2], port: Number(m[3]) };
}

/** Who a token is for: the project (entity and state) and its cluster. */
export type ClusterTokenRequest = {
  entity: Entity;
  state: ProjectState;
  cluster: ProjectCluster;
};

/**
 * Issues the bearer token sent to a project's cluster API server.
 *
 * Defaults (see createRouter): with `mx.gcp.impersonation.enabled`, a token of the project's own
 * operator service account (`impersonatedClusterTokenProvider`, IAM Credentials
 * `generateAccessToken`); otherwise the backend's own Google credentials
 * ({@link commandTokenProvider}). A module may set another through the extension point.
 */
export interface ClusterTokenProvider {
  token(request: ClusterTokenRequest): Promise<string>;
}

export type CommandRunner = (
  command: string,
  args: string[],
  timeoutMs: number,
) => Promise<string>;

const runCommand: CommandRunner = (command, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${[command, ...args].join(' ')} failed: ${
                String(stderr).trim() || error.message
              }`,
            ),
          );
        } else resolve(String(stdout));
      },
    );
  });

/**
 * A token from a command's standard output (default `gcloud auth print-access-token`: the
 * backend's own Google identity), reused for `ttlSeconds` (Google access tokens last an hour).
 */
export function commandTokenProvider(options: {
  command: string[];
  ttlSeconds: number;
  timeoutMs?: number;
  run?: CommandRunner;
}): ClusterTokenProvider {
  const run = options.run ?? runCommand;
  let cached: { at: number; token: Promise<string> } | undefined;
  return {
    token() {
      const now = Date.now();
      if (cached && now - cached.at < options.ttlSeconds * 1000) {
        return cached.token;
      }
      const [command, ...args] = options.command;
      const token = run(command, args, options.timeoutMs ?? 15_000).then(
        out => {
          const t = out.trim();
          if (!t || /\s/.test(t)) {
            throw new Error(
              `${options.command.join(
                ' ',
              )} printed no single token; check mx.kubernetes.tokenCommand`,
            );
          }
          return t;
        },
      );
      cached = { at: now, token };
      token.catch(() => {
        if (cached?.token === token) cached = undefined;
      });
      return token;
    },
  };
}

/**
 * Allowlisted fetchers for cluster API servers, one per (endpoint, CA) so each trusts only its
 * own cluster's CA and keeps its connections alive.
 */
export function createClusterFetchers(options: {
  allowedHosts: readonly string[];
  timeoutMs: number;
  maxResponseBytes: number;
  resolver?: HostResolver;
}) {
  const fetchers = new Map<string, SafeFetcher>();
  return (cluster: ProjectCluster): SafeFetcher => {
    const key = `${cluster.endpoint}|${
      cluster.caPem
        ? createHash('sha256').update(cluster.caPem).digest('hex')
        : ''
    }`;
    let fetcher = fetchers.get(key);
    if (!fetcher) {
      if (fetchers.size > 200) fetchers.clear();
      fetcher = createSafeFetcher({
        allowedHosts: options.allowedHosts,
        timeoutMs: options.timeoutMs,
        maxResponseBytes: options.maxResponseBytes,
        resolver: options.resolver,
        targetName: 'cluster API server',
        allowlistKey: 'mx.kubernetes.allowedHosts',
        tls: cluster.caPem ? { ca: cluster.caPem } : undefined,
      });
      fetchers.set(key, fetcher);
    }
    return fetcher;
  };
}

/** Explains that a project has no reachable in-cluster MLflow yet, and what to run. */
export function notDeployedError(
  entityRef: string,
  reason: 'no-cluster' | 'no-service',
  detail?: string,
) {
  const message =
    reason === 'no-cluster'
      ? `${entityRef} has no cluster yet (no ${CLUSTER_OUTPUTS.endpoint} in the Terraform outputs of its .mx/state.yaml): apply its infrastructure with the Apply infrastructure template, then deploy training-infrastructure with the Deploy template`
      : `MLflow is not deployed in the cluster of ${entityRef}${
          detail ? ` (${detail})` : ''
        }: deploy training-infrastructure with the Deploy template`;
  return new GatewayError('MlflowNotDeployed', 404, message);
}
