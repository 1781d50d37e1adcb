/**
 * The mx:* scaffolder actions of MX for Backstage.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMxActions as default } from './module';
export { mxClockServiceRef } from './lib/clock';
export type { MxClock } from './lib/clock';
export { createMxActions } from './mxActions';
export type { MxActionsOptions } from './mxActions';
export { createStateMergeAction } from './actions/stateMerge';
export { createRepoPublishAction } from './actions/repoPublish';
export { createTerraformApplyAction } from './actions/terraformApply';
export { createDevspaceDeployAction } from './actions/devspaceDeploy';
export { createCloudbuildEnableAction } from './actions/cloudbuildEnable';
export { createRepoCheckoutAction } from './actions/repoCheckout';
export { createFilesReconcileAction } from './actions/filesReconcile';
export { createRepoPushAction } from './actions/repoPush';
export {
  createCliRunnerFromConfig,
  readCliRunnerOptions,
  ToolUnavailableError,
} from './cli/runner';
export type { ToolSettings } from './cli/runner';
export { createCliRunner, CliError } from './cli/runner';
export type {
  CliRunner,
  CliRunRequest,
  CliRunResult,
  CliRunnerOptions,
} from './cli/runner';
export {
  createLocalPlanStore,
  createGcsPlanStore,
  readTerraformPlanSettings,
} from './lib/planStore';
export type {
  PlanStore,
  PlanLocation,
  PlanStoreAccess,
  TerraformPlanSettings,
} from './lib/planStore';
