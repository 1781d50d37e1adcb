export interface Config {
  /** MX for Backstage */
  mx?: {
    /** Where mx:repo:publish creates new project repositories and mx:repo:push sends changes. */
    publish?: {
      /**
       * `local`: the local git host of the embedded default (direct commits);
       * `github`: GitHub through the `integrations.github` token (branches + pull requests).
       * Default: local.
       */
      target?: 'local' | 'github';
      github?: {
        /** Organisation or user that owns new project repositories. */
        owner: string;
        /** GitHub host. Default: github.com. */
        host?: string;
      };
    };
    /**
     * The command-line tools the mx:* actions run (terraform, devspace, gcloud, kubectl, git),
     * keyed by tool name.
     */
    tools?: {
      [tool: string]: {
        /** Executable to run instead of looking the tool up on PATH. */
        path?: string;
        /**
         * Oldest accepted version, e.g. `1.5.0`. Checked once before the tool's first run; an older
         * or missing tool fails the step with the versions found and needed. Built-in minimums:
         * terraform 1.5.0, devspace 6.0.0.
         */
        minVersion?: string;
        /** Timeout of one invocation, in minutes (fractions allowed). Default: none. */
        timeoutMinutes?: number;
      };
    };
    /** Saved Terraform plans: a plan run keeps one pending plan per project; only it can be applied. */
    terraform?: {
      /**
       * How long a saved plan may be applied after it was made, e.g. `24h`, `90m`, `2d`.
       * An older plan is refused as stale. Default: 24h.
       */
      planMaxAge?: string;
      /** Where pending plans (the binary plan and what it was made from) are kept. */
      planStore?: {
        /**
         * `local`: a directory of the backend (the embedded default; one backend process or a
         * shared volume); `gcs`: the project's Terraform state bucket, beside the state, at
         * `gs://<bucket>/<prefix>/mx-plan/` (through `gcloud storage`; for several replicas).
         * Default: local.
         */
        type?: 'local' | 'gcs';
        /**
         * Directory of the `local` store. Default: `<backend.workingDirectory or the OS temp
         * directory>/mx-plans`.
         */
        directory?: string;
      };
    };
    /** Google Cloud: how the actions authenticate on each client's GCP project. */
    gcp?: {
      /**
       * One identity per client project: the backend impersonates the project's operator service
       * account (`infrastructure.operatorServiceAccount` in `.mx/state.yaml`, else the Terraform
       * output `operator_service_account`) with short-lived tokens, and never uses its own
       * credentials on a client project. Its own identity only needs
       * roles/iam.serviceAccountTokenCreator on those accounts.
       */
      impersonation?: {
        /** Default: false (the embedded default uses the backend's credentials); true in production. */
        enabled?: boolean;
        /** Token lifetime in seconds (gcloud `--lifetime`; over 3600 needs an org policy). Default: 3600. */
        tokenLifetimeSeconds?: number;
        /**
         * Email of the backend's own service account; passed to Terraform
         * (`mx_backend_service_account`) so the project grants it the token creator role on its operator.
         */
        backendServiceAccount?: string;
      };
    };
    /**
     * Who may change any project besides its owner group: grow it (mx:state:merge,
     * mx:files:reconcile, mx:cloudbuild:enable, mx:repo:push), apply (mx:terraform:apply) and
     * deploy (mx:devspace:deploy). Also read by MX's permission policy.
     */
    admins?: {
      /** Group entity refs (e.g. `group:default/platform-team`) whose members may change every project. */
      groups?: string[];
    };
    permissions?: {
      /**
       * Group entity refs whose members may create ML projects (mx:state:merge refuses a new
       * project's state to anyone else; MX's policy refuses them mx:repo:publish). Unset: every
       * signed-in user.
       */
      creators?: string[];
    };
  };
}
