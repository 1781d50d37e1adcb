import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mxProjectChangePermission } from '@mx-backstage/plugin-mx-common';

/**
 * Pushes to a repository whose project is in the catalog (`component:default/<name>`) need
 * `mx.project.change` on that entity, as the mx:* actions do (MX's policy: its owners and
 * mx.admins). A repository without a catalog entity yet (the first push of mx:repo:publish,
 * before catalog:register) takes any signed-in push. Service pushes are the backend's own.
 */
export function createPushPermissionCheck(deps: {
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
}) {
  return async (
    credentials: BackstageCredentials,
    name: string,
  ): Promise<string | undefined> => {
    if (!deps.auth.isPrincipal(credentials, 'user')) return undefined;
    const entityRef = `component:default/${name}`;
    const entity = await deps.catalog.getEntityByRef(entityRef, {
      credentials: await deps.auth.getOwnServiceCredentials(),
    });
    if (!entity) return undefined;
    const [decision] = await deps.permissions.authorize(
      [{ permission: mxProjectChangePermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
    return `Only the owners of ${entityRef}${
      typeof owner === 'string' ? ` (${owner})` : ''
    } or mx.admins may push to it; you are ${
      credentials.principal.userEntityRef
    }. Ask an owner to push, or to add you to the owner group.`;
  };
}
