import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  GeneratorInfo,
  MlflowExperimentsPage,
  MlflowMetricHistory,
  MlflowModelVersionsPage,
  MlflowRegisteredModelsPage,
  MlflowRunsPage,
  PendingPlanResponse,
  ProjectEndpointsResponse,
} from '@mx-backstage/plugin-mx-common';
import { normaliseMlflowRunsPage } from '@mx-backstage/plugin-mx-common';
import type {
  ExperimentsSearchRequest,
  MlflowPageRequest,
  MlflowRequestOptions,
  MxProjectApi,
  ProjectRef,
  ProjectStateResponse,
  RunsSearchRequest,
} from './MxProjectApi';

/**
 * Calls the mx-project backend with the signed-in user's identity (through `fetchApi`).
 *
 * @public
 */
export class MxProjectClient implements MxProjectApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async request<T>(
    project: ProjectRef,
    path: string,
    init: { body?: unknown; fresh?: boolean } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mx-project');
    const url = `${baseUrl}/projects/${encodeURIComponent(
      project.namespace,
    )}/${encodeURIComponent(project.name)}/${path}`;
    const headers: Record<string, string> = {};
    // The backend's MLflow routes reuse answers for a few seconds; no-cache asks MLflow again.
    if (init.fresh) headers['Cache-Control'] = 'no-cache';
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.fetchApi.fetch(url, {
      method: init.body !== undefined ? 'POST' : 'GET',
      headers,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }

  getState(project: ProjectRef): Promise<ProjectStateResponse> {
    return this.request(project, 'state');
  }

  searchExperiments(
    project: ProjectRef,
    request: ExperimentsSearchRequest = {},
    options: MlflowRequestOptions = {},
  ): Promise<MlflowExperimentsPage> {
    return this.request(project, 'mlflow/experiments/search', {
      body: request,
      fresh: options.fresh,
    });
  }

  async searchRuns(
    project: ProjectRef,
    request: RunsSearchRequest,
    options: MlflowRequestOptions = {},
  ): Promise<MlflowRunsPage> {
    // The backend streams MLflow's own runs page through; it is normalised here.
    return normaliseMlflowRunsPage(
      await this.request<unknown>(project, 'mlflow/runs/search', {
        body: request,
        fresh: options.fresh,
      }),
    );
  }

  getMetricHistory(
    project: ProjectRef,
    runId: string,
    metricKey: string,
    options: MlflowRequestOptions = {},
  ): Promise<MlflowMetricHistory> {
    const q = new URLSearchParams({ runId, metricKey });
    return this.request(project, `mlflow/metrics/history?${q}`, {
      fresh: options.fresh,
    });
  }

  searchRegisteredModels(
    project: ProjectRef,
    request: MlflowPageRequest = {},
    options: MlflowRequestOptions = {},
  ): Promise<MlflowRegisteredModelsPage> {
    return this.request(project, `mlflow/registered-models?${query(request)}`, {
      fresh: options.fresh,
    });
  }

  searchModelVersions(
    project: ProjectRef,
    request: MlflowPageRequest = {},
    options: MlflowRequestOptions = {},
  ): Promise<MlflowModelVersionsPage> {
    return this.request(project, `mlflow/model-versions?${query(request)}`, {
      fresh: options.fresh,
    });
  }

  getEndpoints(project: ProjectRef): Promise<ProjectEndpointsResponse> {
    return this.request(project, 'endpoints');
  }

  getPendingPlan(project: ProjectRef): Promise<PendingPlanResponse> {
    return this.request(project, 'plan');
  }

  async listGenerators(): Promise<GeneratorInfo[]> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mx-project');
    const res = await this.fetchApi.fetch(`${baseUrl}/generators`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return ((await res.json()) as { generators: GeneratorInfo[] }).generators;
  }
}

function query(values: Record<string, string | number | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  return q.toString();
}
