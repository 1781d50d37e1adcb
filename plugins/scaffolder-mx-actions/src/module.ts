import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { MxActionsOptions, createMxActions } from './mxActions';

/**
 * The scaffolder module that registers every mx:* action, with options (a test passes a fixed
 * clock: `backend.add(createScaffolderModuleMxActions({ now: () => fixed }))`).
 */
export function createScaffolderModuleMxActions(
  options: MxActionsOptions = {},
) {
  return createBackendModule({
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
        },
        async init({ scaffolderActions, ...services }) {
          scaffolderActions.addActions(
            ...createMxActions({ ...services, ...options }),
          );
        },
      });
    },
  });
}

/** Registers every mx:* scaffolder action on real time (the default export of the package). */
export const scaffolderModuleMxActions = createScaffolderModuleMxActions();
