import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  MxProjectClient,
  MxUpgradesClient,
  mxProjectApiRef,
  mxUpgradesApiRef,
} from './api';
import { rootRouteRef, upgradesRouteRef } from './routes';

/**
 * The MX project page plugin for the legacy frontend system. Apps on the new frontend system
 * use the default export of `@mx-backstage/plugin-mx-project-page/alpha` instead.
 *
 * @public
 */
export const mxProjectPlugin = createPlugin({
  id: 'mx-project',
  apis: [
    createApiFactory({
      api: mxProjectApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MxProjectClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: mxUpgradesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MxUpgradesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, upgrades: upgradesRouteRef },
});

/**
 * The "MX project" entity tab: infrastructure, capabilities, endpoints and MLflow runs.
 * Mount it under an `EntityLayout.Route path="/mx" if={isMxProject}`.
 *
 * @public
 */
export const EntityMxProjectContent = mxProjectPlugin.provide(
  createRoutableExtension({
    name: 'EntityMxProjectContent',
    component: () =>
      import('./components/MxProjectContent').then(m => m.MxProjectContent),
    mountPoint: rootRouteRef,
  }),
);

/**
 * A summary card of an ML project for the entity overview page.
 *
 * @public
 */
export const EntityMxProjectCard = mxProjectPlugin.provide(
  createComponentExtension({
    name: 'EntityMxProjectCard',
    component: {
      lazy: () =>
        import('./components/MxProjectOverviewCard').then(
          m => m.MxProjectOverviewCard,
        ),
    },
  }),
);

/**
 * The project's MLflow experiments and runs as a standalone card.
 *
 * @public
 */
export const EntityMxMlflowCard = mxProjectPlugin.provide(
  createComponentExtension({
    name: 'EntityMxMlflowCard',
    component: {
      lazy: () => import('./components/MlflowCard').then(m => m.MlflowCard),
    },
  }),
);

/**
 * The catalog-wide upgrades page: outdated projects per generator, upgraded in one go. Mount it
 * with `<Route path="/mx/upgrades" element={<MxUpgradesPage />} />` and a sidebar item.
 *
 * @public
 */
export const MxUpgradesPage = mxProjectPlugin.provide(
  createRoutableExtension({
    name: 'MxUpgradesPage',
    component: () =>
      import('./components/UpgradesPage').then(m => m.UpgradesPage),
    mountPoint: upgradesRouteRef,
  }),
);
