import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { registerMissingLocations } from './service/catalogSync';
import { createPushPermissionCheck } from './service/pushPermission';
import { LocalGitHostUrlReader } from './reader/LocalGitHostUrlReader';
import { createRouter } from './service/router';
import { RepoStore } from './service/repoStore';
import { LOCAL_GIT_HOST_PLUGIN_ID } from '@mx-backstage/plugin-mx-common';

/**
 * The local git host of the embedded default: bare repositories served over smart HTTP by
 * `git http-backend`, at `<backend>/api/mx-git-host/repos/<name>.git`.
 */
export const mxGitHostPlugin = createBackendPlugin({
  pluginId: LOCAL_GIT_HOST_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
      },
      async init({
        config,
        httpRouter,
        httpAuth,
        discovery,
        logger,
        lifecycle,
        auth,
        catalog,
        permissions,
      }) {
        if (config.getOptionalBoolean('mx.gitHost.enabled') === false) {
          logger.info('Local git host disabled (mx.gitHost.enabled: false)');
          return;
        }
        const store = RepoStore.fromConfig(config);
        logger.info(
          `Local git host serving bare repositories from ${store.root}`,
        );
        httpRouter.use(
          await createRouter({
            store,
            httpAuth,
            discovery,
            logger,
            // Pushes to a project in the catalog: its owners and mx.admins only.
            mayPush: createPushPermissionCheck({ catalog, permissions, auth }),
          }),
        );
        // git clients cannot send Backstage tokens on clone; pushes and repository creation
        // still require one (checked in the routes).
        httpRouter.addAuthPolicy({ path: '/repos', allow: 'unauthenticated' });
        if (
          config.getOptionalBoolean('mx.gitHost.registerInCatalog') !== false
        ) {
          // Once every plugin is up: the repositories on disk and the catalog agree.
          lifecycle.addStartupHook(async () => {
            await registerMissingLocations({
              store,
              catalog,
              auth,
              baseUrl: await discovery.getExternalBaseUrl(
                LOCAL_GIT_HOST_PLUGIN_ID,
              ),
              logger,
            }).catch(e =>
              logger.warn(
                `Could not register the local git host's repositories: ${e}`,
              ),
            );
          });
        }
      },
    });
  },
});

/** Makes the local git host's repositories readable through every plugin's UrlReaderService. */
export const mxGitHostUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalGitHostUrlReader.factory;
  },
});
