import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of catalog entities (`RESOURCE_TYPE_CATALOG_ENTITY` of the catalog). */
const CATALOG_ENTITY = 'catalog-entity' as const;

/**
 * Changing an MX project: growing it with a generator, recording state, pushing to its
 * repository, applying its infrastructure or deploying it. A resource permission on the project's
 * catalog entity, so a policy can answer with a catalog conditional decision (e.g.
 * `catalogConditions.isEntityOwner`) that the catalog evaluates against the entity.
 *
 * The mx:* actions ask for it with the task initiator's credentials and the project's entity ref.
 */
export const mxProjectChangePermission = createPermission({
  name: 'mx.project.change',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Every permission MX defines. */
export const mxPermissions = [mxProjectChangePermission];

/** The action that creates a project's repository: the step a policy restricts to creators. */
export const MX_CREATE_ACTION_ID = 'mx:repo:publish';
