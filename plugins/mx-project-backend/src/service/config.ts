import { Config } from '@backstage/config';

/** Everything the mx-project backend reads from config, with defaults applied. */
export type MxProjectConfig = {
  mlflow: {
    allowedHosts: string[];
    timeoutMs: number;
    maxResponseBytes: number;
    credentials: Array<{ host: string; token: string }>;
  };
  endpoints: {
    allowedHosts: string[];
    timeoutMs: number;
    cacheTtlSeconds: number;
  };
  state: { cacheTtlSeconds: number };
};

export const DEFAULT_MLFLOW_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 3_000;
export const DEFAULT_CACHE_TTL_SECONDS = 30;

/** Reads the `mx.mlflow`, `mx.endpoints` and `mx.state` keys (see config.d.ts). */
export function readMxProjectConfig(config: Config): MxProjectConfig {
  const mlflow = config.getOptionalConfig('mx.mlflow');
  const endpoints = config.getOptionalConfig('mx.endpoints');
  const state = config.getOptionalConfig('mx.state');
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
  };
}
