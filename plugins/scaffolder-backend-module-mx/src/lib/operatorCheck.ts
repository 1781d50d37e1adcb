import { PermissionsService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GuardContext,
  ProjectAccess,
  assertProjectOperator,
  generatorOf,
} from './owners';

/**
 * The owner check of the actions that operate a project's infrastructure (terraform, devspace):
 * the initiator must be one of the project's owners (or an admin), and `entityRef` must be the
 * project whose state is in the workspace.
 */
export async function assertOperatorOfWorkspaceProject(
  deps: {
    catalog: CatalogService;
    config: Config;
    permissions?: PermissionsService;
  },
  ctx: GuardContext,
  opts: { entityRef: string; projectName: string; actionId: string },
): Promise<ProjectAccess> {
  const access = await assertProjectOperator({
    catalog: deps.catalog,
    config: deps.config,
    permissions: deps.permissions,
    generator: generatorOf(ctx, opts.actionId),
    credentials: await ctx.getInitiatorCredentials(),
    entityRef: opts.entityRef,
    user: ctx.user,
    actionId: opts.actionId,
  });
  if (access.entity.metadata.name !== opts.projectName) {
    throw new InputError(
      `${opts.entityRef} is not the project in the workspace (its state names '${opts.projectName}'): check out the repository of ${opts.entityRef}`,
    );
  }
  return access;
}
