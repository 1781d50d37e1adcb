import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './service/router';

/**
 * The mx-project backend plugin: reads a project's `.mx/state.yaml`, forwards MLflow requests to
 * allowed tracking servers, and checks the health of a project's endpoints.
 *
 * @public
 */
export const mxProjectPlugin = createBackendPlugin({
  pluginId: 'mx-project',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        urlReader: coreServices.urlReader,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        config,
        httpAuth,
        httpRouter,
        urlReader,
        cache,
        catalog,
      }) {
        httpRouter.use(
          await createRouter({
            logger,
            config,
            httpAuth,
            catalog,
            urlReader,
            cache,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
