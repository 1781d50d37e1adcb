import { Config } from '@backstage/config';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BackstageCredentials } from '@backstage/backend-plugin-api';

function normalize(ref: string, defaultNamespace: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind: 'group', defaultNamespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** The groups a user entity belongs to: `spec.memberOf` and `memberOf` relations. */
export function groupsOfUser(user: Entity): Set<string> {
  const ns = user.metadata.namespace ?? 'default';
  const groups = new Set<string>();
  const memberOf = (user.spec as { memberOf?: unknown } | undefined)?.memberOf;
  if (Array.isArray(memberOf)) {
    for (const g of memberOf) {
      const n = typeof g === 'string' ? normalize(g, ns) : undefined;
      if (n) groups.add(n);
    }
  }
  for (const r of user.relations ?? []) {
    if (r.type === 'memberOf') {
      const n = normalize(r.targetRef, ns);
      if (n) groups.add(n);
    }
  }
  return groups;
}

export interface ProjectAccess {
  /** The project component. */
  entity: Entity;
  /** The project's owner group ref. */
  owner: string;
  /** Why access was granted: the owner group or an admin group. */
  via: string;
}

/**
 * Allows a run only when the task's initiator is a member of the project component's owner group,
 * or of an admin group from config `mx.admins.groups`. Throws NotAllowedError naming who may run
 * it; InputError when the project entity does not exist.
 */
export async function assertProjectOperator(options: {
  catalog: CatalogService;
  config: Config;
  credentials: BackstageCredentials;
  entityRef: string;
  user?: { ref?: string; entity?: Entity };
  actionId: string;
}): Promise<ProjectAccess> {
  const { catalog, config, credentials, entityRef, user, actionId } = options;
  let componentRef: string;
  try {
    componentRef = stringifyEntityRef(
      parseEntityRef(entityRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    throw new InputError(
      `entityRef '${entityRef}' is not an entity reference like component:default/my-project`,
    );
  }
  const entity = await catalog.getEntityByRef(componentRef, { credentials });
  if (!entity) {
    throw new InputError(
      `The project ${componentRef} was not found in the catalog (or you may not read it)`,
    );
  }
  const ns = entity.metadata.namespace ?? 'default';
  const specOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  const owners = new Set<string>();
  if (typeof specOwner === 'string') {
    const n = normalize(specOwner, ns);
    if (n) owners.add(n);
  }
  for (const r of entity.relations ?? []) {
    if (r.type === 'ownedBy') {
      const n = normalize(r.targetRef, ns);
      if (n) owners.add(n);
    }
  }
  const admins = (config.getOptionalStringArray('mx.admins.groups') ?? [])
    .map(g => normalize(g, 'default'))
    .filter((g): g is string => Boolean(g));
  const allowed = [...owners, ...admins.filter(a => !owners.has(a))];
  const ownerText = [...owners].join(', ') || '(no owner)';
  const whoMay = `members of ${ownerText} (the owner of ${componentRef})${
    admins.length > 0 ? ` or of the admin group(s) ${admins.join(', ')}` : ''
  }`;

  const userRef = user?.ref;
  if (!userRef) {
    throw new NotAllowedError(
      `${actionId} needs to know who runs it; only ${whoMay} may run it on ${componentRef}.`,
    );
  }
  // Owner may be the user itself (a user-owned project).
  const normalizedUser = normalize(userRef, 'default');
  let userEntity: Entity | undefined = user?.entity;
  if (!userEntity) {
    userEntity = await catalog.getEntityByRef(userRef, { credentials });
  }
  const groups = userEntity ? groupsOfUser(userEntity) : new Set<string>();
  if (normalizedUser) groups.add(normalizedUser);
  const via = allowed.find(g => groups.has(g));
  if (!via) {
    throw new NotAllowedError(
      `${userRef} may not run ${actionId} on ${componentRef}: only ${whoMay} may. Ask an owner to run it or to add you to ${ownerText}.`,
    );
  }
  return { entity, owner: ownerText, via };
}
