import {
  AuthService,
  DiscoveryService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createAnswersResolveAction } from './actions/answersResolve';
import { createCloudbuildEnableAction } from './actions/cloudbuildEnable';
import { createDevspaceDeployAction } from './actions/devspaceDeploy';
import { createFilesReconcileAction } from './actions/filesReconcile';
import { createGpuLocateAction } from './actions/gpuLocate';
import { createRepoCheckoutAction } from './actions/repoCheckout';
import { createRepoPublishAction } from './actions/repoPublish';
import { createRepoPushAction } from './actions/repoPush';
import { createStateMergeAction } from './actions/stateMerge';
import { createTerraformApplyAction } from './actions/terraformApply';
import { CliRunner, createCliRunnerFromConfig } from './cli/runner';
import { ProjectGuard } from './lib/owners';
import { createPeopleResolveAction } from './actions/peopleResolve';
import { createProjectDeriveAction } from './actions/projectDerive';
import { createManifestsComposeAction } from './actions/manifestsCompose';

/** Options of the mx actions module (and of `createMxActions`). */
export interface MxActionsOptions {
  /**
   * The clock of every action that records a time (`mx:state:merge`'s `appliedAt`/`updatedAt`,
   * `mx:terraform:apply`'s plan and apply times, plan age and lock age). Default: real time.
   */
  now?: () => Date;
}

/**
 * Every mx:* action, built from the backend's services. Actions are factories that receive their
 * dependencies (the CLI runner, config, services, the clock), so tests can hand them stand-ins.
 */
export function createMxActions(
  deps: {
    config: RootConfigService;
    auth: AuthService;
    discovery: DiscoveryService;
    catalog: CatalogService;
    permissions: PermissionsService;
    /** Default: one runner from mx.tools.* (tool paths, minimum versions and timeouts). */
    runner?: CliRunner;
  } & MxActionsOptions,
) {
  const { config, auth, discovery, catalog, permissions, now } = deps;
  const runner = deps.runner ?? createCliRunnerFromConfig(config);
  // One owner check for every action that changes a project: its owners and mx.admins
  // (and the permission policy's mx.project.change); creators for a new project.
  const guard: ProjectGuard = { catalog, config, permissions };
  return [
    createStateMergeAction({ guard, now }),
    createRepoPublishAction({ config, auth, discovery, runner }),
    createTerraformApplyAction({ runner, catalog, config, permissions, now }),
    createDevspaceDeployAction({ runner, catalog, config, permissions }),
    createCloudbuildEnableAction({ runner, guard, config }),
    // mx:repo:checkout, mx:files:reconcile, mx:repo:push: grow an existing project's repository.
    createRepoCheckoutAction({ catalog, config, runner, discovery }),
    createFilesReconcileAction({ guard }),
    createRepoPushAction({ config, auth, runner, guard }),
    // mx:gpu:locate: the zones of a region with a GPU type (GPU node pools' node_locations).
    createGpuLocateAction(),
    // mx:answers:resolve: a re-run keeps the recorded answers it was not sent.
    createAnswersResolveAction(),
    // mx:people:resolve: the owner is a catalog group, the engineers users with an email.
    createPeopleResolveAction({ catalog }),
    // mx:project:derive, mx:manifests:compose: derived names and the managed manifests
    // (devspace.yaml, catalog-info.yaml, cloudbuild.yaml), composed from the state in code.
    createProjectDeriveAction(),
    createManifestsComposeAction(),
  ];
}
