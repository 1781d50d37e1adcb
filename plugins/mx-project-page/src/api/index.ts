export { mxProjectApiRef } from './MxProjectApi';
export type {
  MxProjectApi,
  ProjectRef,
  ProjectStateResponse,
  RunsSearchRequest,
  ExperimentsSearchRequest,
  MlflowRequestOptions,
  MlflowPageRequest,
} from './MxProjectApi';
export { MxProjectClient } from './MxProjectClient';
export { mxUpgradesApiRef } from './MxUpgradesApi';
export type { MxUpgradesApi } from './MxUpgradesApi';
export { MxUpgradesClient } from './MxUpgradesClient';
