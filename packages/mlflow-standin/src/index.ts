/**
 * A STAND-IN for an MLflow tracking server (REST API 2.0), for tests, benchmarks and browser
 * tests: a real MLflow cannot be installed on our build machines. See the package README for
 * what it follows and where it differs from MLflow.
 */
export { startMlflowStandIn } from './server';
export { generateStandInData } from './data';
export { parseRunFilter } from './search/filter';
export { parseOrderBy } from './search/order';
export { MlflowApiError } from './errors';
export type {
  MlflowStandIn,
  RecordedRequest,
  StandInBehaviour,
  StandInData,
  StandInExperiment,
  StandInMetric,
  StandInMode,
  StandInOptions,
  StandInRun,
  StandInRunStatus,
} from './types';
