import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { LocalGitHostUrlReader } from './reader/LocalGitHostUrlReader';
import { createRouter } from './service/router';
import { RepoStore } from './service/repoStore';

/**
 * The local git host of the embedded default: bare repositories served over smart HTTP by
 * `git http-backend`, at `<backend>/api/mx-git-host/repos/<name>.git`.
 */
export const mxGitHostPlugin = createBackendPlugin({
  pluginId: 'mx-git-host',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ config, httpRouter, httpAuth, discovery, logger }) {
        if (config.getOptionalBoolean('mx.gitHost.enabled') === false) {
          logger.info('Local git host disabled (mx.gitHost.enabled: false)');
          return;
        }
        const store = RepoStore.fromConfig(config);
        logger.info(`Local git host serving bare repositories from ${store.root}`);
        httpRouter.use(await createRouter({ store, httpAuth, discovery, logger }));
        // git clients cannot send Backstage tokens on clone; pushes and repository creation
        // still require one (checked in the routes).
        httpRouter.addAuthPolicy({ path: '/repos', allow: 'unauthenticated' });
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
