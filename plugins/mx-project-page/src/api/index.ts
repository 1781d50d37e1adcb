export { mxProjectApiRef } from './MxProjectApi';
export type {
  MxProjectApi,
  ProjectRef,
  ProjectStateResponse,
  RunsSearchRequest,
  ExperimentsSearchRequest,
} from './MxProjectApi';
export { MxProjectClient } from './MxProjectClient';
