export interface Config {
  /** MX for Backstage */
  mx?: {
    /** The MLflow gateway of the mx-project backend plugin. */
    mlflow?: {
      /**
       * Hosts the gateway may call: `host` (any port), `host:port`, or `*.domain` (sub-domains).
       * Empty or absent: every tracking URI is refused (deny by default). Link-local and cloud
       * metadata addresses (169.254.0.0/16, fe80::/10, metadata.google.internal) are refused
       * even when listed, also when a listed name resolves to one of them.
       */
      allowedHosts?: string[];
      /** Per-request timeout in milliseconds, connect to last byte. Default 10000. */
      timeoutMs?: number;
      /** Largest MLflow answer accepted, in bytes. Default 16 MiB. */
      maxResponseBytes?: number;
      /** Bearer tokens sent to MLflow, per host (`host` or `host:port`). */
      credentials?: Array<{
        /** The tracking server host the token belongs to. */
        host: string;
        /**
         * The bearer token.
         * @visibility secret
         */
        token: string;
      }>;
    };
    /** Health checks of project endpoints. */
    endpoints?: {
      /**
       * Hosts that may be probed in addition to `mx.mlflow.allowedHosts`
       * (same syntax; metadata addresses are always refused).
       */
      allowedHosts?: string[];
      /** Probe timeout in milliseconds. Default 3000. */
      timeoutMs?: number;
      /** How long a probe result is reused, in seconds. Default 30. */
      cacheTtlSeconds?: number;
    };
    /** The `.mx/state.yaml` reader. */
    state?: {
      /** How long a read state is reused, in seconds. Default 30. */
      cacheTtlSeconds?: number;
    };
  };
}
