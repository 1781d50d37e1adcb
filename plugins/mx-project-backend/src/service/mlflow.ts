import type {
  MlflowExperiment,
  MlflowExperimentsPage,
  MlflowMetric,
  MlflowMetricHistory,
  MlflowModelVersion,
  MlflowModelVersionsPage,
  MlflowRegisteredModel,
  MlflowRegisteredModelsPage,
  MlflowRunsPage,
} from '@mx-backstage/plugin-mx-common';
import {
  mlflowInt as toInt,
  mlflowKeyValues as keyValues,
  mlflowList,
  mlflowObject,
  mlflowString,
  normaliseMlflowMetric as normaliseMetric,
  normaliseMlflowRun as normaliseRun,
} from '@mx-backstage/plugin-mx-common';
import type { Readable } from 'node:stream';
import { GatewayError } from './errors';

export { normaliseRun, normaliseMetric };
import { OutboundRequestError, SafeFetcher, SafeResponse } from './safeFetch';

// --- normalisation helpers: MLflow's proto JSON sends int64 as numbers or strings, omits empty
// lists and default values, and writes NaN/Infinity as strings. --------------------------------

type Json = Record<string, unknown>;

const obj = mlflowObject;
const list = mlflowList;
const str = mlflowString;
/**
 * Marks objects whose `undefined` fields are simply left out of the JSON answer
 * (`JSON.stringify` drops them). Deleting them instead would push V8 objects into slow
 * dictionary mode and make the answer's serialisation measurably slower.
 */
function optional<T extends Json>(o: T): T {
  return o;
}

export function normaliseExperiment(raw: unknown): MlflowExperiment {
  const e = obj(raw);
  return optional({
    experimentId: str(e.experiment_id) ?? '',
    name: str(e.name) ?? '',
    artifactLocation: str(e.artifact_location),
    lifecycleStage: str(e.lifecycle_stage),
    creationTime: toInt(e.creation_time),
    lastUpdateTime: toInt(e.last_update_time),
    tags: keyValues(e.tags),
  });
}

export function normaliseModelVersion(raw: unknown): MlflowModelVersion {
  const v = obj(raw);
  return optional({
    name: str(v.name) ?? '',
    version: str(v.version) ?? '',
    creationTime: toInt(v.creation_timestamp),
    lastUpdatedTime: toInt(v.last_updated_timestamp),
    currentStage: str(v.current_stage),
    description: str(v.description),
    source: str(v.source),
    runId: str(v.run_id),
    status: str(v.status),
    tags: keyValues(v.tags),
    aliases: list(v.aliases).flatMap(a => (typeof a === 'string' ? [a] : [])),
  });
}

export function normaliseRegisteredModel(raw: unknown): MlflowRegisteredModel {
  const m = obj(raw);
  return optional({
    name: str(m.name) ?? '',
    creationTime: toInt(m.creation_timestamp),
    lastUpdatedTime: toInt(m.last_updated_timestamp),
    description: str(m.description),
    latestVersions: list(m.latest_versions).map(normaliseModelVersion),
    tags: keyValues(m.tags),
    aliases: list(m.aliases).flatMap(a => {
      const { alias, version } = obj(a);
      return typeof alias === 'string'
        ? [{ alias, version: str(version) ?? '' }]
        : [];
    }),
  });
}

function token(value: unknown): string | undefined {
  const t = str(value);
  return t ? t : undefined;
}

// --- requests ----------------------------------------------------------------------------------

export type SearchExperimentsRequest = {
  maxResults?: number;
  pageToken?: string;
  filter?: string;
  orderBy?: string[];
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
};

export type SearchRunsRequest = {
  experimentIds: string[];
  maxResults?: number;
  pageToken?: string;
  filter?: string;
  orderBy?: string[];
  runViewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
};

export type PagedRequest = {
  maxResults?: number;
  pageToken?: string;
  filter?: string;
};

function runsSearchBody(req: SearchRunsRequest): Json {
  return optional({
    experiment_ids: req.experimentIds,
    max_results: req.maxResults ?? 100,
    page_token: req.pageToken,
    filter: req.filter,
    order_by: req.orderBy,
    run_view_type: req.runViewType,
  });
}

/** Calls one MLflow tracking server through a {@link SafeFetcher} and normalises its answers. */
export class MlflowClient {
  constructor(
    private readonly fetcher: SafeFetcher,
    private readonly trackingUri: string,
    private readonly options: {
      /** a bearer token per call (the cluster token on the service-proxy path) */
      bearerToken?: () => Promise<string>;
      /** what to throw when a Kubernetes API server answers 404 for the service */
      serviceNotFound?: (message: string) => Error;
      /** how to name the server in messages (default its origin) */
      label?: string;
    } = {},
  ) {}

  /** The tracking URI with `/api/2.0/mlflow/` after its path, computed once per client. */
  private base?: string;

  private url(
    path: string,
    query?: Record<string, string | number | undefined>,
  ) {
    if (this.base === undefined) {
      const base = new URL(this.trackingUri);
      base.pathname = `${base.pathname.replace(/\/+$/, '')}/api/2.0/mlflow/`;
      base.search = '';
      base.hash = '';
      this.base = base.toString();
    }
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== '') params.set(k, String(v));
    }
    const search = params.toString();
    return `${this.base}${path}${search ? `?${search}` : ''}`;
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    options: {
      body?: Json;
      query?: Record<string, string | number | undefined>;
      stream?: boolean;
    },
  ): Promise<{ res: SafeResponse; url: string }> {
    const url = this.url(path, options.query);
    try {
      const bearerToken = this.options.bearerToken
        ? await this.options.bearerToken()
        : undefined;
      const res = await this.fetcher(url, {
        bearerToken,
        method,
        headers: {
          accept: 'application/json',
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
        body: options.body ? JSON.stringify(options.body) : undefined,
        stream: options.stream,
      });
      return { res, url };
    } catch (error) {
      throw toGatewayError(error);
    }
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    options: {
      body?: Json;
      query?: Record<string, string | number | undefined>;
    },
  ): Promise<Json> {
    const { res, url } = await this.send(method, path, options);
    return this.interpret(res, res.body, url);
  }

  /** MLflow's answer as JSON, or the error that explains it. */
  private interpret(res: SafeResponse, body: Buffer, url: string): Json {
    const text = body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = text.length ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }
    const k8s = obj(parsed);
    if (res.status >= 400 && k8s.kind === 'Status' && k8s.apiVersion === 'v1') {
      // The Kubernetes API server answered for the service proxy, not MLflow.
      const message = str(k8s.message) ?? `HTTP ${res.status}`;
      if (res.status === 404 && this.options.serviceNotFound) {
        throw this.options.serviceNotFound(message);
      }
      throw new GatewayError(
        'ClusterRefused',
        502,
        `The cluster API server at ${new URL(url).origin} answered ${
          res.status
        }: ${message}${
          res.status === 401 || res.status === 403
            ? ' (the backend identity needs services/proxy in the MLflow namespace: container.services.proxy on GKE)'
            : ''
        }`,
      );
    }
    if (res.status >= 400) {
      const { error_code: code, message } = obj(parsed);
      const detail =
        typeof message === 'string'
          ? `${typeof code === 'string' ? `${code}: ` : ''}${message}`
          : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      // Client mistakes (bad filter, unknown run) keep their status; server trouble is a 502.
      const status =
        res.status === 400 || res.status === 404 ? res.status : 502;
      const hint =
        res.status === 401 || res.status === 403
          ? ' (check mx.mlflow.credentials for this host)'
          : '';
      const origin = this.options.label ?? new URL(url).origin;
      throw new GatewayError(
        'MlflowError',
        status,
        `MLflow at ${origin} answered ${res.status}: ${detail}${hint}`,
      );
    }
    if (
      parsed === undefined ||
      typeof parsed !== 'object' ||
      Array.isArray(parsed)
    ) {
      const origin = this.options.label ?? new URL(url).origin;
      throw new GatewayError(
        'MlflowMalformedResponse',
        502,
        `MLflow at ${origin} answered with something that is not MLflow JSON (${
          res.headers['content-type'] ?? 'no content type'
        }: ${JSON.stringify(text.slice(0, 80))}); check that ${
          this.trackingUri
        } is the tracking server`,
      );
    }
    return parsed as Json;
  }

  private expectList(answer: Json, field: string, origin: string) {
    const value = answer[field];
    if (value !== undefined && !Array.isArray(value)) {
      throw new GatewayError(
        'MlflowMalformedResponse',
        502,
        `MLflow at ${origin} answered with a malformed '${field}' (expected a list)`,
      );
    }
    return list(value);
  }

  async searchExperiments(
    req: SearchExperimentsRequest,
  ): Promise<MlflowExperimentsPage> {
    const answer = await this.call('POST', 'experiments/search', {
      body: optional({
        max_results: req.maxResults ?? 100,
        page_token: req.pageToken,
        filter: req.filter,
        order_by: req.orderBy,
        view_type: req.viewType,
      }),
    });
    return optional({
      experiments: this.expectList(answer, 'experiments', this.trackingUri).map(
        normaliseExperiment,
      ),
      nextPageToken: token(answer.next_page_token),
    });
  }

  /**
   * MLflow's `runs/search` answer as it comes (a stream of MLflow's own JSON, see
   * `normaliseMlflowRunsPage` in mx-common), after checking it is a JSON answer. Errors and
   * answers that are not JSON are read and explained as for every other call.
   */
  async searchRunsRaw(
    req: SearchRunsRequest,
  ): Promise<{ stream: Readable } | { body: Buffer }> {
    const { res, url } = await this.send('POST', 'runs/search', {
      body: runsSearchBody(req),
      stream: true,
    });
    const stream = res.stream!;
    const type = String(res.headers['content-type'] ?? '');
    if (res.status === 200 && /[/+]json\b/i.test(type)) return { stream };
    let body: Buffer;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      body = Buffer.concat(chunks);
    } catch (error) {
      throw toGatewayError(error);
    }
    this.interpret(res, body, url); // throws for errors and for anything that is not JSON
    return { body };
  }

  async searchRuns(req: SearchRunsRequest): Promise<MlflowRunsPage> {
    const answer = await this.call('POST', 'runs/search', {
      body: runsSearchBody(req),
    });
    return optional({
      runs: this.expectList(answer, 'runs', this.trackingUri).map(normaliseRun),
      nextPageToken: token(answer.next_page_token),
    });
  }

  async metricHistory(
    runId: string,
    metricKey: string,
  ): Promise<MlflowMetricHistory> {
    const metrics: MlflowMetric[] = [];
    let pageToken: string | undefined;
    // get-history pages only for very long histories; follow them (bounded).
    for (let page = 0; page < 50; page++) {
      const answer = await this.call('GET', 'metrics/get-history', {
        query: { run_id: runId, metric_key: metricKey, page_token: pageToken },
      });
      metrics.push(
        ...this.expectList(answer, 'metrics', this.trackingUri).map(
          normaliseMetric,
        ),
      );
      pageToken = token(answer.next_page_token);
      if (!pageToken) break;
    }
    metrics.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
    return { metrics };
  }

  async searchRegisteredModels(
    req: PagedRequest,
  ): Promise<MlflowRegisteredModelsPage> {
    const answer = await this.call('GET', 'registered-models/search', {
      query: {
        max_results: req.maxResults ?? 100,
        page_token: req.pageToken,
        filter: req.filter,
      },
    });
    return optional({
      registeredModels: this.expectList(
        answer,
        'registered_models',
        this.trackingUri,
      ).map(normaliseRegisteredModel),
      nextPageToken: token(answer.next_page_token),
    });
  }

  async searchModelVersions(
    req: PagedRequest,
  ): Promise<MlflowModelVersionsPage> {
    const answer = await this.call('GET', 'model-versions/search', {
      query: {
        max_results: req.maxResults ?? 100,
        page_token: req.pageToken,
        filter: req.filter,
      },
    });
    return optional({
      modelVersions: this.expectList(
        answer,
        'model_versions',
        this.trackingUri,
      ).map(normaliseModelVersion),
      nextPageToken: token(answer.next_page_token),
    });
  }
}

/** Maps a refused or failed outbound request to what the browser should see. */
export function toGatewayError(error: unknown): Error {
  if (error instanceof OutboundRequestError) {
    switch (error.kind) {
      case 'not-allowed':
      case 'blocked-address':
        return new GatewayError(
          'MlflowHostNotAllowed',
          403,
          error.message,
          error,
        );
      case 'timeout':
        return new GatewayError('MlflowTimeout', 504, error.message, error);
      case 'too-large':
        return new GatewayError(
          'MlflowResponseTooLarge',
          502,
          error.message,
          error,
        );
      default:
        return new GatewayError('MlflowUnreachable', 502, error.message, error);
    }
  }
  return error instanceof Error ? error : new Error(String(error));
}
