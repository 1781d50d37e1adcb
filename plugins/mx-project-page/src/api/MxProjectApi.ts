import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  GeneratorInfo,
  MlflowExperimentsPage,
  MlflowMetricHistory,
  MlflowModelVersionsPage,
  MlflowRegisteredModelsPage,
  MlflowRunsPage,
  PendingPlanResponse,
  ProjectEndpointsResponse,
  ProjectState,
} from '@mx-backstage/plugin-mx-common';

/** The project a request is about: an `ml-project` component. */
export type ProjectRef = Pick<CompoundEntityRef, 'namespace' | 'name'>;

/** What the backend returns for a project's state. */
export type ProjectStateResponse = {
  /** where `.mx/state.yaml` was read from */
  url: string;
  state: ProjectState;
};

/** @public */
export type RunsSearchRequest = {
  experimentIds: string[];
  maxResults?: number;
  pageToken?: string;
  /** MLflow filter, e.g. `metrics.rmse < 1 and params.optimizer = 'adam'` */
  filter?: string;
  /** e.g. `['metrics.rmse ASC']` */
  orderBy?: string[];
};

/** @public */
export type ExperimentsSearchRequest = {
  maxResults?: number;
  pageToken?: string;
  filter?: string;
  orderBy?: string[];
};

/**
 * How an MLflow call through the backend gateway is made.
 *
 * @public
 */
export type MlflowRequestOptions = {
  /**
   * Ask MLflow afresh: the backend reuses MLflow's answers for a few seconds
   * (`mx.mlflow.cacheTtlSeconds`) unless the request says `Cache-Control: no-cache`, which this
   * sends (and which refreshes the backend's copy). For a person's explicit Refresh.
   */
  fresh?: boolean;
};

/** @public */
export type MlflowPageRequest = {
  maxResults?: number;
  pageToken?: string;
  filter?: string;
};

/**
 * The mx-project backend: project state, MLflow (through the backend gateway) and endpoints.
 *
 * @public
 */
export interface MxProjectApi {
  getState(project: ProjectRef): Promise<ProjectStateResponse>;
  searchExperiments(
    project: ProjectRef,
    request?: ExperimentsSearchRequest,
    options?: MlflowRequestOptions,
  ): Promise<MlflowExperimentsPage>;
  searchRuns(
    project: ProjectRef,
    request: RunsSearchRequest,
    options?: MlflowRequestOptions,
  ): Promise<MlflowRunsPage>;
  getMetricHistory(
    project: ProjectRef,
    runId: string,
    metricKey: string,
    options?: MlflowRequestOptions,
  ): Promise<MlflowMetricHistory>;
  searchRegisteredModels(
    project: ProjectRef,
    request?: MlflowPageRequest,
    options?: MlflowRequestOptions,
  ): Promise<MlflowRegisteredModelsPage>;
  searchModelVersions(
    project: ProjectRef,
    request?: MlflowPageRequest,
    options?: MlflowRequestOptions,
  ): Promise<MlflowModelVersionsPage>;
  getEndpoints(project: ProjectRef): Promise<ProjectEndpointsResponse>;
  /** The project's pending (saved, not yet applied) Terraform plan; `{}` when there is none. */
  getPendingPlan(project: ProjectRef): Promise<PendingPlanResponse>;
  /** The MX generators in the catalog (Template entities labelled `mx.backstage.io/generator`). */
  listGenerators(): Promise<GeneratorInfo[]>;
}

/** @public */
export const mxProjectApiRef = createApiRef<MxProjectApi>({
  id: 'plugin.mx-project.api',
});
