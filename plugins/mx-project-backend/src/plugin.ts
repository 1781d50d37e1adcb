import {
  coreServices,
  createBackendPlugin,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import type { ClusterTokenProvider } from './service/cluster';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './service/router';
import { createUpgradesRouter } from './service/upgrades';

/**
 * Where another module plugs in the token sent to a project's cluster API server. Default: with
 * `mx.gcp.impersonation.enabled`, the project's own operator service account (impersonated);
 * otherwise the backend's own Google credentials (`mx.kubernetes.tokenCommand`).
 *
 * @public
 */
export interface MxProjectClusterTokenExtensionPoint {
  setClusterTokenProvider(provider: ClusterTokenProvider): void;
}

/** @public */
export const mxProjectClusterTokenExtensionPoint =
  createExtensionPoint<MxProjectClusterTokenExtensionPoint>({
    id: 'mx-project.cluster-token',
  });

/**
 * The mx-project backend plugin: reads a project's `.mx/state.yaml`, forwards MLflow requests to
 * allowed tracking servers, and checks the health of a project's endpoints.
 *
 * @public
 */
export const mxProjectPlugin = createBackendPlugin({
  pluginId: 'mx-project',
  register(env) {
    let clusterTokenProvider: ClusterTokenProvider | undefined;
    env.registerExtensionPoint(mxProjectClusterTokenExtensionPoint, {
      setClusterTokenProvider(provider) {
        if (clusterTokenProvider) {
          throw new Error(
            'mx-project: a cluster token provider was already set; install only one module that sets it',
          );
        }
        clusterTokenProvider = provider;
      },
    });
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpRouter: coreServices.httpRouter,
        urlReader: coreServices.urlReader,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        config,
        httpAuth,
        auth,
        discovery,
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
            clusterTokenProvider,
          }),
        );
        // The catalog-wide upgrades view (service/upgrades.ts).
        httpRouter.use(
          await createUpgradesRouter({
            logger,
            httpAuth,
            auth,
            discovery,
            catalog,
            urlReader,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
