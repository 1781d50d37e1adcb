import { Config } from '@backstage/config';

/** Everything the mx-project backend reads from config, with defaults applied. */
export type MxProjectConfig = {
  mlflow: {
    allowedHosts: string[];
    timeoutMs: number;
    maxResponseBytes: number;
    credentials: Array<{ host: string; token: string }>;
    /** how long a complete answer is reused for identical reads of a project; 0: never */
    cacheTtlSeconds: number;
    /** the total size of the reused answers */
    cacheMaxBytes: number;
  };
  endpoints: {
    allowedHosts: string[];
    timeoutMs: number;
    cacheTtlSeconds: number;
  };
  state: { cacheTtlSeconds: number };
  kubernetes: {
    allowedHosts: string[];
    tokenCommand: string[];
    tokenTtlSeconds: number;
    mlflowService: string;
    timeoutMs: number;
  };
};

export const DEFAULT_TOKEN_COMMAND = ['gcloud', 'auth', 'print-access-token'];
export const DEFAULT_MLFLOW_CLUSTER_SERVICE = 'mlflow/mlflow:5000';

export const DEFAULT_MLFLOW_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 3_000;
export const DEFAULT_CACHE_TTL_SECONDS = 30;
export const DEFAULT_MLFLOW_CACHE_TTL_SECONDS = 5;
export const DEFAULT_MLFLOW_CACHE_MAX_BYTES = 32 * 1024 * 1024;

/** Reads the `mx.mlflow`, `mx.endpoints` and `mx.state` keys (see config.d.ts). */
export function readMxProjectConfig(config: Config): MxProjectConfig {
  const mlflow = config.getOptionalConfig('mx.mlflow');
  const endpoints = config.getOptionalConfig('mx.endpoints');
  const state = config.getOptionalConfig('mx.state');
  const kubernetes = config.getOptionalConfig('mx.kubernetes');
  return {
    mlflow: {
      allowedHosts: mlflow?.getOptionalStringArray('allowedHosts') ?? [],
      timeoutMs:
        mlflow?.getOptionalNumber('timeoutMs') ?? DEFAULT_MLFLOW_TIMEOUT_MS,
      maxResponseBytes:
        mlflow?.getOptionalNumber('maxResponseBytes') ??
        DEFAULT_MAX_RESPONSE_BYTES,
      credentials: (mlflow?.getOptionalConfigArray('credentials') ?? []).map(
        c => ({
          host: c.getString('host'),
          token: c.getString('token'),
        }),
      ),
      cacheTtlSeconds:
        mlflow?.getOptionalNumber('cacheTtlSeconds') ??
        DEFAULT_MLFLOW_CACHE_TTL_SECONDS,
      cacheMaxBytes:
        mlflow?.getOptionalNumber('cacheMaxBytes') ??
        DEFAULT_MLFLOW_CACHE_MAX_BYTES,
    },
    endpoints: {
      allowedHosts: endpoints?.getOptionalStringArray('allowedHosts') ?? [],
      timeoutMs:
        endpoints?.getOptionalNumber('timeoutMs') ??
        DEFAULT_ENDPOINT_TIMEOUT_MS,
      cacheTtlSeconds:
        endpoints?.getOptionalNumber('cacheTtlSeconds') ??
        DEFAULT_CACHE_TTL_SECONDS,
    },
    state: {
      cacheTtlSeconds:
        state?.getOptionalNumber('cacheTtlSeconds') ??
        DEFAULT_CACHE_TTL_SECONDS,
    },
    kubernetes: {
      allowedHosts: kubernetes?.getOptionalStringArray('allowedHosts') ?? [],
      tokenCommand:
        kubernetes?.getOptionalStringArray('tokenCommand') ??
        DEFAULT_TOKEN_COMMAND,
      tokenTtlSeconds: kubernetes?.getOptionalNumber('tokenTtlSeconds') ?? 300,
      mlflowService:
        kubernetes?.getOptionalString('mlflowService') ??
        DEFAULT_MLFLOW_CLUSTER_SERVICE,
      timeoutMs:
        kubernetes?.getOptionalNumber('timeoutMs') ??
        mlflow?.getOptionalNumber('timeoutMs') ??
        DEFAULT_MLFLOW_TIMEOUT_MS,
    },
  };
}
