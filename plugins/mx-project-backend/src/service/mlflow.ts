import type {
  MlflowExperimentsPage,
  MlflowMetric,
  MlflowMetricHistory,
  MlflowModelVersionsPage,
  MlflowRegisteredModelsPage,
} from '@mx-backstage/plugin-mx-common';
import { normaliseMlflowMetric as normaliseMetric } from '@mx-backstage/plugin-mx-common';
import type { Readable } from 'node:stream';
import type { SafeFetcher, SafeResponse } from './safeFetch';
import {
  MlflowServer,
  expectList,
  readMlflowAnswer,
  toGatewayError,
} from './mlflowAnswers';
import {
  normaliseExperiment,
  normaliseModelVersion,
  normaliseRegisteredModel,
  optional,
  pageToken,
} from './mlflowNormalise';

type Json = Record<string, unknown>;

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

  /** The server this client calls: its tracking URI, or the cluster's service-proxy URL. */
  get target(): string {
    return this.trackingUri;
  }

  private get server(): MlflowServer {
    return {
      trackingUri: this.trackingUri,
      label: this.options.label,
      serviceNotFound: this.options.serviceNotFound,
    };
  }

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
    return readMlflowAnswer(this.server, res, res.body, url);
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
      experiments: expectList(answer, 'experiments', this.trackingUri).map(
        normaliseExperiment,
      ),
      nextPageToken: pageToken(answer.next_page_token),
    });
  }

  /**
   * MLflow's `runs/search` answer as it comes (a stream of MLflow's own JSON, see
   * `normaliseMlflowRunsPage` in mx-common), after checking it is a JSON answer. Errors and
   * answers that are not JSON are read and explained as for every other call.
   */
  async searchRunsRaw(
    req: SearchRunsRequest,
  ): Promise<{ stream: Readable; length?: number } | { body: Buffer }> {
    const { res, url } = await this.send('POST', 'runs/search', {
      body: runsSearchBody(req),
      stream: true,
    });
    const stream = res.stream!;
    const type = String(res.headers['content-type'] ?? '');
    if (res.status === 200 && /[/+]json\b/i.test(type)) {
      const declared = Number(res.headers['content-length']);
      return Number.isSafeInteger(declared) && declared >= 0
        ? { stream, length: declared }
        : { stream };
    }
    let body: Buffer;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      body = Buffer.concat(chunks);
    } catch (error) {
      throw toGatewayError(error);
    }
    readMlflowAnswer(this.server, res, body, url); // throws for errors and for anything that is not JSON
    return { body };
  }

  async metricHistory(
    runId: string,
    metricKey: string,
  ): Promise<MlflowMetricHistory> {
    const metrics: MlflowMetric[] = [];
    let nextPage: string | undefined;
    // get-history pages only for very long histories; follow them (bounded).
    for (let page = 0; page < 50; page++) {
      const answer = await this.call('GET', 'metrics/get-history', {
        query: { run_id: runId, metric_key: metricKey, page_token: nextPage },
      });
      metrics.push(
        ...expectList(answer, 'metrics', this.trackingUri).map(normaliseMetric),
      );
      nextPage = pageToken(answer.next_page_token);
      if (!nextPage) break;
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
      registeredModels: expectList(
        answer,
        'registered_models',
        this.trackingUri,
      ).map(normaliseRegisteredModel),
      nextPageToken: pageToken(answer.next_page_token),
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
      modelVersions: expectList(answer, 'model_versions', this.trackingUri).map(
        normaliseModelVersion,
      ),
      nextPageToken: pageToken(answer.next_page_token),
    });
  }
}
