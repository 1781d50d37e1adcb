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
      /**
       * How long a complete MLflow answer is reused for the same read of the same project, in
       * seconds, by every caller who may read that project (each caller's access is still checked
       * on every request). The page's Refresh (`Cache-Control: no-cache`) asks MLflow again.
       * Default 5; 0 turns the reuse off.
       */
      cacheTtlSeconds?: number;
      /** The total size of the reused MLflow answers, in bytes. Default 32 MiB. */
      cacheMaxBytes?: number;
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
    /**
     * The private path to projects' in-cluster services (MLflow, endpoint health): the cluster
     * API server's service proxy, on the endpoint recorded in the project's Terraform outputs.
     */
    kubernetes?: {
      /**
       * Cluster API endpoints (`host`, `host:port`, `*.domain`) the backend may send a cluster
       * token to. Deny by default: an endpoint written in a project's state is only called when
       * listed here.
       */
      allowedHosts?: string[];
      /** Prints a bearer token for the cluster. Default `gcloud auth print-access-token`. */
      tokenCommand?: string[];
      /** How long a printed token is reused, in seconds. Default 300. */
      tokenTtlSeconds?: number;
      /** The MLflow service as `<namespace>/<service>:<port>`. Default `mlflow/mlflow:5000`. */
      mlflowService?: string;
      /** Whole-exchange timeout for service-proxy calls. Default `mx.mlflow.timeoutMs`. */
      timeoutMs?: number;
    };
    /** The `.mx/state.yaml` reader. */
    state?: {
      /** How long a read state is reused, in seconds. Default 30. */
      cacheTtlSeconds?: number;
    };
  };
}
