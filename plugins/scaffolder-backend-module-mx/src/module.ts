import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createMxActions } from './mxActions';
import { mxClockServiceRef } from './lib/clock';

/**
 * The scaffolder module that registers every mx:* action. The times the actions record come
 * from the root service `mxClockServiceRef` (the wall clock unless a backend provides its own
 * factory, as the template check kit does for stable goldens).
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
      async init({ scaffolderActions, clock, ...services }) {
        scaffolderActions.addActions(
          ...createMxActions({ ...services, now: () => clock.now() }),
        );
      },
    });
  },
});
