import { MlflowApiError } from '../errors';
import type { RequestParams } from '../types';
import { searchExperiments } from './experiments';
import { getMetricHistory } from './metrics';
import { searchModelVersions, searchRegisteredModels } from './models';
import { searchRuns } from './runs';
import type { Route, RouteContext } from './types';

export { registeredModels } from './models';
export type { RouteContext } from './types';

/** Every MLflow endpoint the stand-in answers. */
export const routes: Route[] = [
  searchExperiments,
  searchRuns,
  getMetricHistory,
  searchRegisteredModels,
  searchModelVersions,
];

/** Answers one API request, or throws MlflowApiError (404 ENDPOINT_NOT_FOUND for others). */
export function dispatch(
  method: string,
  path: string,
  params: RequestParams,
  ctx: RouteContext,
): unknown {
  const route = routes.find(r => r.method === method && r.path === path);
  if (!route) {
    throw new MlflowApiError(
      404,
      'ENDPOINT_NOT_FOUND',
      `No API endpoint ${method} ${path}`,
    );
  }
  return route.handle(params, ctx);
}
