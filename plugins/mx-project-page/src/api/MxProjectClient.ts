import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
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
import { fetchMxProject } from './mxProjectFetch';

/**
 * Calls the mx-project backend with the signed-in user's identity (through `fetchApi`).
 *
 * @public
 */
export class MxProjectClient implements MxProjectApi {
  private readonly apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi };

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.apis = {
      discoveryApi: options.discoveryApi,
      fetchApi: options.fetchApi,
    };
  }

  private request<T>(
    project: ProjectRef,
    path: string,
    init: { body?: unknown; fresh?: boolean } = {},
  ): Promise<T> {
    return fetchMxProject(
      this.apis,
      `/projects/${encodeURIComponent(project.namespace)}/${encodeURIComponent(
        project.name,
      )}/${path}`,
      init,
    );
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
    return (
      await fetchMxProject<{ generators: GeneratorInfo[] }>(
        this.apis,
        '/generators',
      )
    ).generators;
  }
}

function query(values: Record<string, string | number | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  return q.toString();
}
