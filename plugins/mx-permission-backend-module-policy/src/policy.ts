import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  createScaffolderActionConditionalDecision,
  scaffolderActionConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { actionExecutePermission } from '@backstage/plugin-scaffolder-common/alpha';
import {
  MX_CREATE_ACTION_ID,
  ML_PROJECT_TYPE,
  mxProjectChangePermission,
} from '@mx-backstage/plugin-mx-common';

/** Lower-cased `kind:namespace/name`; undefined for an unparsable ref. */
function normalizeGroupRef(ref: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

function groupList(config: Config, key: string): string[] | undefined {
  const raw = config.getOptionalStringArray(key);
  if (raw === undefined) return undefined;
  return raw.map(g => {
    const ref = normalizeGroupRef(g);
    if (!ref) {
      throw new Error(
        `${key} holds '${g}', which is not a group entity ref like group:default/platform`,
      );
    }
    return ref;
  });
}

/** What the policy reads from config (`mx.admins.groups`, `mx.permissions.creators`). */
export interface MxPolicyOptions {
  /** Groups whose members may change every project. Empty: none. */
  admins: string[];
  /** Groups whose members may create projects; undefined: every signed-in user. */
  creators?: string[];
}

export function readMxPolicyOptions(config: Config): MxPolicyOptions {
  return {
    admins: groupList(config, 'mx.admins.groups') ?? [],
    creators: groupList(config, 'mx.permissions.creators'),
  };
}

/**
 * MX's permission policy:
 * - everyone signed in reads (the catalog, templates, tasks, project pages) and runs templates;
 * - members of `mx.admins.groups` may do everything;
 * - `mx.project.change` (growing, state changes, push, apply, deploy — asked by the mx:* actions)
 *   is a catalog conditional decision: the caller must own the project entity
 *   (`isEntityOwner` with the caller's ownership refs: the user and its groups);
 * - unregistering an ML project from the catalog: its owners only, like changing it;
 * - creating projects: when `mx.permissions.creators` is set, only members of those groups may
 *   execute the create step (`mx:repo:publish`), a conditional decision on the scaffolder action.
 */
export class MxPermissionPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;
  private readonly creators?: Set<string>;

  private readonly userInfo: UserInfoService;

  constructor(options: MxPolicyOptions & { userInfo: UserInfoService }) {
    this.admins = new Set(options.admins);
    this.creators = options.creators ? new Set(options.creators) : undefined;
    this.userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // The user's ownership refs (the user and its groups), from the sign-in token.
    const ownershipEntityRefs = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    const claims = ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
    const isAdmin = claims.some(c => this.admins.has(c));
    if (!user) {
      // No signed-in user (the default auth policy already rejects anonymous requests): read only.
      return request.permission.attributes.action === 'read'
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    if (isAdmin) return { result: AuthorizeResult.ALLOW };

    if (isPermission(request.permission, mxProjectChangePermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: ownershipEntityRefs,
        }),
      );
    }

    if (isPermission(request.permission, catalogEntityDeletePermission)) {
      // Other entities keep Backstage's default; an ML project is unregistered by its owners.
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          catalogConditions.isEntityOwner({
            claims: ownershipEntityRefs,
          }),
          {
            not: catalogConditions.hasSpec({
              key: 'type',
              value: ML_PROJECT_TYPE,
            }),
          },
        ],
      });
    }

    if (
      this.creators &&
      isPermission(request.permission, actionExecutePermission) &&
      !claims.some(c => this.creators!.has(c))
    ) {
      return createScaffolderActionConditionalDecision(request.permission, {
        not: scaffolderActionConditions.hasActionId({
          actionId: MX_CREATE_ACTION_ID,
        }),
      });
    }

    return { result: AuthorizeResult.ALLOW };
  }
}
