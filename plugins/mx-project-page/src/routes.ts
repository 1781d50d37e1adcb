import { createRouteRef } from '@backstage/core-plugin-api';

/** The "MX project" entity tab (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'mx-project' });
