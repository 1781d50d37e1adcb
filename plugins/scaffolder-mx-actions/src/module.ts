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
      },
      async init({ scaffolderActions, config, auth, discovery, catalog }) {
        // One runner for every action: tool paths, minimum versions and timeouts of mx.tools.*.
        const runner = createCliRunnerFromConfig(config);
        scaffolderActions.addActions(
          createStateMergeAction(),
          createRepoPublishAction({ config, auth, discovery, runner }),
        );
        // The catalog serves the owner check of apply and deploy.
        scaffolderActions.addActions(
          createTerraformApplyAction({ runner, catalog, config }),
          createDevspaceDeployAction({ runner, catalog, config }),
          createCloudbuildEnableAction({ runner, config }),
        );
        // mx:repo:checkout, mx:files:reconcile, mx:repo:push: grow an existing project's repository.
        scaffolderActions.addActions(
          createRepoCheckoutAction({ catalog, config, runner, discovery }),
          createFilesReconcileAction(),
          createRepoPushAction({ config, auth, runner }),
        );
        // mx:gpu:locate: the zones of a region with a GPU type (GPU node pools' node_locations).
        scaffolderActions.addActions(createGpuLocateAction());
      },
    });
  },
});
