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
} from './plugin';
export { mxProjectApiRef, MxProjectClient } from './api';
export type {
  MxProjectApi,
  ProjectRef,
  ProjectStateResponse,
  RunsSearchRequest,
  ExperimentsSearchRequest,
} from './api';
export {
  isMxProject,
  isMlflowAvailable,
  ANNOTATION_MLFLOW_TRACKING_URI,
  ANNOTATION_ENDPOINTS,
} from '@mx-backstage/plugin-mx-common';
