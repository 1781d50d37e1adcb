import { Config } from '@backstage/config';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  StateFileError,
  mxProjectChangePermission,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readStateFile } from './state';

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
  /** The project's owner group ref(s), comma-separated. */
  owner: string;
  /** Why access was granted: the owner group or an admin group. */
  via: string;
}

/** What every owner check needs; the module builds one and hands it to each mutating action. */
export interface ProjectGuard {
  catalog: CatalogService;
  config: Config;
  /**
   * The permission framework: when given, `mx.project.change` on the project entity is asked of
   * the policy too (MX's policy answers with `isEntityOwner`), after the built-in owner check.
   */
  permissions?: PermissionsService;
}

/** Who runs the step, as scaffolder actions see it (`ctx.user`). */
export interface Initiator {
  ref?: string;
  entity?: Entity;
}

/** Lower-cased group refs of config `mx.admins.groups`. */
export function adminGroups(config: Config): string[] {
  return (config.getOptionalStringArray('mx.admins.groups') ?? [])
    .map(g => normalize(g, 'default'))
    .filter((g): g is string => Boolean(g));
}

async function groupsOf(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  user: Initiator | undefined,
): Promise<Set<string>> {
  const userRef = user?.ref;
  if (!userRef) return new Set();
  let userEntity = user?.entity;
  if (!userEntity) {
    userEntity = await catalog.getEntityByRef(userRef, { credentials });
  }
  const groups = userEntity ? groupsOfUser(userEntity) : new Set<string>();
  const normalizedUser = normalize(userRef, 'default');
  if (normalizedUser) groups.add(normalizedUser);
  return groups;
}

/**
 * Allows a change only when the task's initiator owns the project component (is a member of its
 * owner group, or is the owner), or is a member of an admin group from config `mx.admins.groups`;
 * then, when the guard has the permission framework, the policy must allow `mx.project.change` on
 * the entity too. Throws NotAllowedError naming who may run it and who asked; InputError when the
 * project entity does not exist. `generator` names what was run (the template), `actionId` the step.
 */
export async function assertProjectOperator(options: {
  catalog: CatalogService;
  config: Config;
  permissions?: PermissionsService;
  credentials: BackstageCredentials;
  entityRef: string;
  user?: Initiator;
  actionId: string;
  generator?: string;
}): Promise<ProjectAccess> {
  const { catalog, config, credentials, entityRef, user, actionId } = options;
  const generator = options.generator ?? actionId;
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
  const admins = adminGroups(config);
  const allowed = [...owners, ...admins.filter(a => !owners.has(a))];
  const ownerText = [...owners].join(', ') || 'no owner';
  const whoMay = `the owners of ${componentRef} (${ownerText})${
    admins.length > 0 ? ` or mx.admins (${admins.join(', ')})` : ''
  }`;
  const askText = `Ask an owner to run it or to add you to ${ownerText}.`;

  const userRef = user?.ref;
  if (!userRef) {
    throw new NotAllowedError(
      `Only ${whoMay} may run ${generator} on it, and ${actionId} does not know who runs it (a task without a signed-in user). ${askText}`,
    );
  }
  const groups = await groupsOf(catalog, credentials, user);
  const via = allowed.find(g => groups.has(g));
  if (!via) {
    throw new NotAllowedError(
      `Only ${whoMay} may run ${generator} on it; you are ${userRef} (${actionId} changed nothing). ${askText}`,
    );
  }
  if (options.permissions) {
    const [decision] = await options.permissions.authorize(
      [{ permission: mxProjectChangePermission, resourceRef: componentRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `The permission policy does not allow ${userRef} to change ${componentRef} (permission ${mxProjectChangePermission.name}), so ${actionId} changed nothing; ${whoMay} may run ${generator} on it. Ask a platform admin about the policy.`,
      );
    }
  }
  return { entity, owner: ownerText, via };
}

/**
 * Allows creating a new project only to members of `mx.permissions.creators` (or `mx.admins`);
 * anyone signed in when that key is unset. Throws NotAllowedError naming the groups.
 */
export async function assertProjectCreator(options: {
  catalog: CatalogService;
  config: Config;
  credentials: BackstageCredentials;
  user?: Initiator;
  actionId: string;
  generator?: string;
}): Promise<void> {
  const { catalog, config, credentials, user, actionId } = options;
  const creators = config
    .getOptionalStringArray('mx.permissions.creators')
    ?.map(g => normalize(g, 'default'))
    .filter((g): g is string => Boolean(g));
  if (!creators) return;
  const allowed = [...creators, ...adminGroups(config)];
  const groups = await groupsOf(catalog, credentials, user);
  if (allowed.some(g => groups.has(g))) return;
  throw new NotAllowedError(
    `Only members of ${
      creators.join(', ') || 'no group'
    } (mx.permissions.creators) or mx.admins may create ML projects with ${
      options.generator ?? actionId
    }; you are ${
      user?.ref ?? 'not signed in'
    } (${actionId} changed nothing). Ask a platform admin to add you to one of those groups.`,
  );
}

/** Where mx:repo:checkout records which catalog entity a clone belongs to: inside `.git`, never committed. */
const CHECKOUT_RECORD = path.join('.git', 'mx-project.json');

/** Records the checked-out project's entity ref in the clone (read by the owner checks). */
export async function recordCheckout(repoDir: string, entityRef: string) {
  await fs.writeFile(
    path.join(repoDir, CHECKOUT_RECORD),
    `${JSON.stringify({ entityRef })}\n`,
    'utf8',
  );
}

/**
 * The project a workspace folder holds: the entity recorded by mx:repo:checkout, else the
 * component named by its `.mx/state.yaml` (`component:default/<project.name>`), else none (a
 * project being created). `checkedOut` tells whether the entity must exist.
 */
export async function projectOfWorkspace(
  repoDir: string,
): Promise<{ entityRef?: string; checkedOut: boolean }> {
  try {
    const record = JSON.parse(
      await fs.readFile(path.join(repoDir, CHECKOUT_RECORD), 'utf8'),
    ) as { entityRef?: unknown };
    if (typeof record.entityRef === 'string') {
      return { entityRef: record.entityRef, checkedOut: true };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    const { state } = await readStateFile(repoDir, '.');
    if (!state) return { checkedOut: false };
    return {
      entityRef: `component:default/${state.project.name}`,
      checkedOut: false,
    };
  } catch (e) {
    // An invalid state is the action's own error to report.
    if (e instanceof StateFileError) return { checkedOut: false };
    throw e;
  }
}

/** The scaffolder context an owner check reads. */
export interface GuardContext {
  user?: Initiator;
  getInitiatorCredentials(): Promise<BackstageCredentials>;
  templateInfo?: {
    entityRef?: string;
    entity?: { metadata: { name: string } };
  };
}

/** The name of the template a task runs (what users know as the generator). */
export function generatorOf(ctx: GuardContext, actionId: string): string {
  const name = ctx.templateInfo?.entity?.metadata.name;
  if (name) return name;
  const ref = ctx.templateInfo?.entityRef;
  if (ref) {
    try {
      return parseEntityRef(ref).name;
    } catch {
      return ref;
    }
  }
  return actionId;
}

/**
 * The one owner check of every mutating mx:* action that works on a repository in the workspace
 * (mx:state:merge, mx:files:reconcile, mx:cloudbuild:enable, mx:repo:push): a checked-out project
 * (or one whose state names an entity in the catalog) may be changed by its owners and mx.admins
 * only; a project that does not exist yet by `mx.permissions.creators` (everyone when unset).
 */
export async function assertMayChangeWorkspaceProject(
  guard: ProjectGuard,
  ctx: GuardContext,
  options: { repoDir: string; actionId: string },
): Promise<ProjectAccess | undefined> {
  const { repoDir, actionId } = options;
  const credentials = await ctx.getInitiatorCredentials();
  const generator = generatorOf(ctx, actionId);
  const project = await projectOfWorkspace(repoDir);
  let existing = project.checkedOut;
  if (project.entityRef && !existing) {
    existing = Boolean(
      await guard.catalog.getEntityByRef(project.entityRef, { credentials }),
    );
  }
  if (project.entityRef && existing) {
    return assertProjectOperator({
      ...guard,
      credentials,
      entityRef: project.entityRef,
      user: ctx.user,
      actionId,
      generator,
    });
  }
  await assertProjectCreator({
    ...guard,
    credentials,
    user: ctx.user,
    actionId,
    generator,
  });
  return undefined;
}
