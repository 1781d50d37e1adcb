/**
 * Backend for the MX project page: project state reader, MLflow gateway and endpoint health.
 *
 * @packageDocumentation
 */
export { mxProjectPlugin as default } from './plugin';
export { createRouter } from './service/router';
export type { RouterOptions } from './service/router';
export type { ProjectStateResponse } from './service/state';
