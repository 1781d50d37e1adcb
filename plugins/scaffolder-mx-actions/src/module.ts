import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createStateMergeAction } from './actions/stateMerge';
import { createRepoPublishAction } from './actions/repoPublish';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createCliRunnerFromConfig } from './cli/runner';
import { createTerraformApplyAction } from './actions/terraformApply';
import { createDevspaceDeployAction } from './actions/devspaceDeploy';
import { createCloudbuildEnableAction } from './actions/cloudbuildEnable';
import { createRepoCheckoutAction } from './actions/repoCheckout';
import { createFilesReconcileAction } from './actions/filesReconcile';
import { createRepoPushAction } from './actions/repoPush';
import { createGpuLocateAction } from './actions/gpuLocate';
import { ProjectGuard } from './lib/owners';
import { createAnswersResolveAction } from './actions/answersResolve';
import { createPeopleResolveAction } from './actions/peopleResolve';
import { mxClockServiceRef } from './lib/clock';
import { createProjectDeriveAction } from './actions/projectDerive';
import { createManifestsComposeAction } from './actions/manifestsCompose';

/**
 * Registers every mx:* scaffolder action. Actions are factories that receive their dependencies
 * (the CLI runner, config, services), so tests can hand them stand-ins.
 */
export const scaffolderModuleMxActions = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mx-actions',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        clock: mxClockServiceRef,
      },
      async init({
        scaffolderActions,
        config,
        auth,
        discovery,
        catalog,
        permissions,
        clock,
      }) {
        const now = () => clock.now();
        // One runner for every action: tool paths, minimum versions and timeouts of mx.tools.*.
        const runner = createCliRunnerFromConfig(config);
        // One owner check for every action that changes a project: its owners and mx.admins
        // (and the permission policy's mx.project.change); creators for a new project.
        const guard: ProjectGuard = { catalog, config, permissions };
        scaffolderActions.addActions(
          createStateMergeAction({ guard, now }),
          createRepoPublishAction({ config, auth, discovery, runner }),
        );
        scaffolderActions.addActions(
          createTerraformApplyAction({
            runner,
            catalog,
            config,
            permissions,
            now,
          }),
          createDevspaceDeployAction({ runner, catalog, config, permissions }),
          createCloudbuildEnableAction({ runner, guard, config }),
        );
        // mx:repo:checkout, mx:files:reconcile, mx:repo:push: grow an existing project's repository.
        scaffolderActions.addActions(
          createRepoCheckoutAction({ catalog, config, runner, discovery }),
          createFilesReconcileAction({ guard }),
          createRepoPushAction({ config, auth, runner, guard }),
        );
        // mx:gpu:locate: the zones of a region with a GPU type (GPU node pools' node_locations).
        scaffolderActions.addActions(createGpuLocateAction());
        // mx:answers:resolve: a re-run keeps the recorded answers it was not sent.
        scaffolderActions.addActions(createAnswersResolveAction());
        // mx:people:resolve: the owner is a catalog group, the engineers users with an email.
        scaffolderActions.addActions(createPeopleResolveAction({ catalog }));
        // mx:project:derive, mx:manifests:compose: derived names and the managed manifests
        // (devspace.yaml, catalog-info.yaml, cloudbuild.yaml), composed from the state in code.
        scaffolderActions.addActions(
          createProjectDeriveAction(),
          createManifestsComposeAction(),
        );
      },
    });
  },
});
