/**
 * Backend for the MX project page: project state reader, MLflow gateway and endpoint health.
 *
 * @packageDocumentation
 */
export {
  mxProjectPlugin as default,
  mxProjectClusterTokenExtensionPoint,
} from './plugin';
export type { MxProjectClusterTokenExtensionPoint } from './plugin';
export type {
  ClusterTokenProvider,
  ClusterTokenRequest,
  ProjectCluster,
} from './service/cluster';
export { createRouter } from './service/router';
export type { RouterOptions } from './service/router';
export type { ProjectStateResponse } from './service/state';
