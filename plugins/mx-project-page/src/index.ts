/**
 * The MX project tab and cards for `ml-project` components: infrastructure, generators, MLflow
 * runs and endpoints.
 *
 * @packageDocumentation
 */
export {
  mxProjectPlugin,
  EntityMxProjectContent,
  EntityMxProjectCard,
  EntityMxMlflowCard,
  MxUpgradesPage,
} from './plugin';
export {
  mxProjectApiRef,
  MxProjectClient,
  mxUpgradesApiRef,
  MxUpgradesClient,
} from './api';
export type {
  MxProjectApi,
  ProjectRef,
  ProjectStateResponse,
  RunsSearchRequest,
  ExperimentsSearchRequest,
  MlflowRequestOptions,
  MlflowPageRequest,
  MxUpgradesApi,
} from './api';
export {
  isMxProject,
  isMlflowAvailable,
  ANNOTATION_MLFLOW_TRACKING_URI,
  ANNOTATION_ENDPOINTS,
} from '@mx-backstage/plugin-mx-common';
