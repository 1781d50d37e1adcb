export interface Config {
  mx?: {
    /**
     * The local git host: a real smart-HTTP git server (git http-backend) inside the backend,
     * for the embedded default. Production publishes to GitHub instead (mx.publish.target).
     */
    gitHost?: {
      /** Serve repositories and register the URL reader. Default: true. */
      enabled?: boolean;
      /**
       * Directory holding the bare repositories. Relative paths resolve against the backend's
       * working directory. Default: `.mx-git-host`.
       */
      root?: string;
      /**
       * At start-up, register in the catalog every repository with a `catalog-info.yaml` that
       * has no catalog location yet (after a lost database or a repository pushed by hand).
       * Default: true.
       */
      registerInCatalog?: boolean;
    };
  };
}
