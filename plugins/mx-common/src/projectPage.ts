/**
 * Pure helpers shared by the MX project page (frontend) and its backend: endpoint annotations,
 * the MLflow service location for `kubectl port-forward`, "add capability" links and the
 * normalised MLflow shapes the backend gateway returns.
 */

/**
 * Extra endpoints of a project, beside `metadata.links` and the state's terraform outputs.
 * Either a JSON array of `{ "title": ..., "url": ... }` or `title=url` pairs separated by
 * commas or new lines.
 */
export const ANNOTATION_ENDPOINTS = 'mx.backstage.io/endpoints';

/** The default in-cluster MLflow service the `ml-project` generator deploys. */
export const DEFAULT_MLFLOW_SERVICE = {
  namespace: 'mlflow',
  service: 'mlflow',
  port: 5000,
} as const;

/** A declared endpoint of a project. */
export type ProjectEndpointSpec = { title: string; url: string };

/** Parses the `mx.backstage.io/endpoints` annotation; entries that are not http(s) URLs are dropped. */
export function parseEndpointsAnnotation(
  value: string | undefined,
): ProjectEndpointSpec[] {
  if (!value || !value.trim()) return [];
  const trimmed = value.trim();
  let entries: ProjectEndpointSpec[] = [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) {
        entries = parsed.flatMap(item => {
          if (item && typeof item === 'object') {
            const { title, url } = item as { title?: unknown; url?: unknown };
            if (typeof url === 'string') {
              return [{ title: typeof title === 'string' ? title : url, url }];
            }
          }
          return [];
        });
      }
    } catch {
      return [];
    }
  } else {
    entries = trimmed
      .split(/[\n,]/)
      .map(s => s.trim())
      .filter(Boolean)
      .map(part => {
        const eq = part.indexOf('=');
        if (eq > 0 && !/^https?:/i.test(part.slice(0, eq))) {
          return {
            title: part.slice(0, eq).trim(),
            url: part.slice(eq + 1).trim(),
          };
        }
        return { title: part, url: part };
      });
  }
  return entries.filter(e => isHttpUrl(e.url));
}

/** True for absolute http:// or https:// URLs. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Parses the `mx.backstage.io/mlflow-service` annotation: `<namespace>/<service>[:<port>]`
 * (defaults: `mlflow/mlflow:5000`).
 */
export function parseMlflowService(value: string | undefined): {
  namespace: string;
  service: string;
  port: number;
} {
  const m = /^\s*(?:([a-z0-9-]+)\/)?([a-z0-9-]+)(?::(\d+))?\s*$/.exec(
    value ?? '',
  );
  if (!m) return { ...DEFAULT_MLFLOW_SERVICE };
  return {
    namespace: m[1] ?? DEFAULT_MLFLOW_SERVICE.namespace,
    service: m[2],
    port: m[3] ? Number(m[3]) : DEFAULT_MLFLOW_SERVICE.port,
  };
}

/** The command that makes an in-cluster MLflow UI reachable on localhost. */
export function mlflowPortForwardCommand(serviceAnnotation?: string): string {
  const { namespace, service, port } = parseMlflowService(serviceAnnotation);
  return `kubectl port-forward -n ${namespace} svc/${service} ${port}:${port}`;
}

/**
 * True when a tracking URI can only be reached from inside the cluster (a `*.svc` /
 * `*.cluster.local` name or a bare service name), so a browser needs a port-forward.
 */
export function isClusterInternalUrl(value: string | undefined): boolean {
  if (!value) return true;
  try {
    const host = new URL(value).hostname.toLowerCase();
    return (
      (host.endsWith('.svc') ||
        host.endsWith('.cluster.local') ||
        host.endsWith('.svc.cluster.local') ||
        !host.includes('.')) &&
      host !== 'localhost'
    );
  } catch {
    return true;
  }
}

/**
 * The Create-wizard link that runs a generator against an existing project, with the project
 * pre-selected and, on a re-run, the generator's recorded answers filled in:
 * `/create/templates/default/<generator>?formData={"project":"<entityRef>",...recorded}`.
 */
export function generatorTemplateUrl(
  generator: string,
  entityRef: string,
  namespace = 'default',
  recorded: Record<string, unknown> = {},
): string {
  const formData = encodeURIComponent(
    JSON.stringify({ ...recorded, project: entityRef }),
  );
  return `/create/templates/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(generator)}?formData=${formData}`;
}

/**
 * The plain value of a terraform output as stored in the state: `terraform output -json` gives
 * `{ value, type, sensitive }`; older states keep the bare value. Sensitive values are hidden.
 */
export function terraformOutputValue(output: unknown): {
  value: unknown;
  sensitive: boolean;
} {
  if (
    output &&
    typeof output === 'object' &&
    !Array.isArray(output) &&
    'value' in (output as Record<string, unknown>)
  ) {
    const o = output as { value: unknown; sensitive?: unknown };
    return o.sensitive === true
      ? { value: undefined, sensitive: true }
      : { value: o.value, sensitive: false };
  }
  return { value: output, sensitive: false };
}

// --- Normalised MLflow shapes returned by the mx-project backend gateway ---------------------

export type MlflowRunStatus =
  | 'RUNNING'
  | 'SCHEDULED'
  | 'FINISHED'
  | 'FAILED'
  | 'KILLED';

export type MlflowExperiment = {
  experimentId: string;
  name: string;
  artifactLocation?: string;
  lifecycleStage?: string;
  /** epoch milliseconds */
  creationTime?: number;
  /** epoch milliseconds */
  lastUpdateTime?: number;
  tags: Record<string, string>;
};

export type MlflowMetric = {
  key: string;
  /** null when MLflow reports NaN or an infinite value */
  value: number | null;
  timestamp: number;
  step: number;
};

export type MlflowRun = {
  runId: string;
  runName?: string;
  experimentId: string;
  status: MlflowRunStatus | string;
  startTime?: number;
  endTime?: number;
  /** endTime - startTime, when the run has ended */
  durationMs?: number;
  artifactUri?: string;
  lifecycleStage?: string;
  /** the latest value of each metric */
  metrics: Record<string, number | null>;
  params: Record<string, string>;
  tags: Record<string, string>;
};

export type MlflowModelVersion = {
  name: string;
  version: string;
  creationTime?: number;
  lastUpdatedTime?: number;
  currentStage?: string;
  description?: string;
  source?: string;
  runId?: string;
  status?: string;
  tags: Record<string, string>;
  aliases: string[];
};

export type MlflowRegisteredModel = {
  name: string;
  creationTime?: number;
  lastUpdatedTime?: number;
  description?: string;
  latestVersions: MlflowModelVersion[];
  tags: Record<string, string>;
  aliases: Array<{ alias: string; version: string }>;
};

export type MlflowExperimentsPage = {
  experiments: MlflowExperiment[];
  nextPageToken?: string;
};
export type MlflowRunsPage = { runs: MlflowRun[]; nextPageToken?: string };
export type MlflowMetricHistory = { metrics: MlflowMetric[] };
export type MlflowRegisteredModelsPage = {
  registeredModels: MlflowRegisteredModel[];
  nextPageToken?: string;
};
export type MlflowModelVersionsPage = {
  modelVersions: MlflowModelVersion[];
  nextPageToken?: string;
};

/** Where the project's MLflow lives, as the backend sees it. */
export type MlflowInfo = {
  trackingUri: string;
  /** whether the backend may call it (host allowed by `mx.mlflow.allowedHosts`) */
  allowed: boolean;
  /** a browser-reachable MLflow UI, or undefined when only reachable in-cluster */
  uiUrl?: string;
  portForwardCommand: string;
};

// --- Endpoint health ---------------------------------------------------------------------------

export type EndpointHealthStatus = 'up' | 'down' | 'unchecked';

export type ProjectEndpointHealth = {
  title: string;
  url: string;
  /**
   * where the endpoint was declared: `served` = what the project's generators deployed (from
   * the state), checked through the private path; `cluster` marks an in-cluster service reached
   * through the cluster API server's service proxy (its url is not browsable)
   */
  source:
    | 'annotation'
    | 'link'
    | 'state-output'
    | 'mlflow'
    | 'served'
    | 'cluster';
  status: EndpointHealthStatus;
  httpStatus?: number;
  latencyMs?: number;
  /** why the endpoint is down or was not checked */
  message?: string;
  checkedAt: string;
};

export type ProjectEndpointsResponse = {
  endpoints: ProjectEndpointHealth[];
  /** catalog links (`metadata.links`, e.g. the GCP console): links only, never health-checked */
  links?: Array<{ title: string; url: string }>;
};
