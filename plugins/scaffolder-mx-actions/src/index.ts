/**
 * The mx:* scaffolder actions of MX for Backstage.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMxActions as default } from './module';
export { createStateMergeAction } from './actions/stateMerge';
export { createRepoPublishAction } from './actions/repoPublish';
export { createCliRunner, CliError } from './cli/runner';
export type {
  CliRunner,
  CliRunRequest,
  CliRunResult,
  CliRunnerOptions,
} from './cli/runner';
