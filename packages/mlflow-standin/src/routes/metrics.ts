/**
 * GET /api/2.0/mlflow/metrics/get-history?run_id=&metric_key= → {metrics[]}
 * (service.proto `GetMetricHistory`; 404 RESOURCE_DOES_NOT_EXIST for an unknown run).
 */
import { invalid, MlflowApiError } from '../errors';
import { compact, int64AsString, metricsJson } from '../wire';
import type { Route } from './types';

export const getMetricHistory: Route = {
  method: 'GET',
  path: '/api/2.0/mlflow/metrics/get-history',
  handle(params, { data }) {
    const runId = String(params.run_id ?? '');
    const key = String(params.metric_key ?? '');
    if (!runId) invalid("Missing value for required parameter 'run_id'");
    if (!key) invalid("Missing value for required parameter 'metric_key'");
    const history = data.history(runId, key);
    const run = data.runs.find(r => r.run_id === runId);
    if (!history || !run) {
      throw new MlflowApiError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Run '${runId}' not found`,
      );
    }
    return compact({ metrics: metricsJson(history, int64AsString(run)) });
  },
};
