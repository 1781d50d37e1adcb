import { createRouteRef } from '@backstage/core-plugin-api';

/** The "MX project" entity tab (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'mx-project' });
/** The catalog-wide upgrades page (legacy frontend system; `/mx/upgrades` in the new one). */
export const upgradesRouteRef = createRouteRef({ id: 'mx-project.upgrades' });
