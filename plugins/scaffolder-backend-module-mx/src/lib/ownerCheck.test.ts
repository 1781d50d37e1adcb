/*
 * The one owner check every mutating mx action shares (assertMayChangeWorkspaceProject), through
 * the actions themselves: a project checked out by mx:repo:checkout (or named by its state) is
 * changed by its owners and mx.admins only; a new project by mx.permissions.creators.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { captureLogger } from '../__testUtils__';
import {
  ADMIN,
  OWNER,
  PROJECT,
  STRANGER,
  runAction,
  seedState,
  testCatalog,
} from '../__testUtils__/project';
import { createStateMergeAction } from '../actions/stateMerge';
import { createFilesReconcileAction } from '../actions/filesReconcile';
import { createCloudbuildEnableAction } from '../actions/cloudbuildEnable';
import { createRepoPushAction } from '../actions/repoPush';
import { ProjectGuard, recordCheckout } from './owners';

const TEMPLATE = {
  entityRef: 'template:default/cloudbuild',
  entity: { metadata: { name: 'cloudbuild' } },
};

const REFUSAL =
  'Only the owners of component:default/fraud-detection (group:default/ml-team) or mx.admins (group:default/platform) may run cloudbuild on it; you are user:default/mallory';

function guardOf(
  mx: Record<string, any> = { admins: { groups: ['platform'] } },
  permissions?: PermissionsService,
): ProjectGuard {
  return {
    catalog: testCatalog(),
    config: new ConfigReader({ mx }),
    permissions,
  };
}

const noRunner = {
  run: async () => {
    throw new Error('no tool may run before the owner check');
  },
} as any;

/** Every mutating action with the guard, and an input that passes its own validation. */
const actions = (
  guard: ProjectGuard,
): Array<[TemplateAction<any, any, any>, Record<string, unknown>]> => [
  [
    createStateMergeAction({ guard }),
    {
      targetPath: 'repo',
      generatorId: 'cloudbuild',
      generatorVersion: '1.0.0',
      values: { steps: ['test'] },
    },
  ],
  [
    createFilesReconcileAction({ guard }),
    { sourcePath: 'rendered', targetPath: 'repo', generatorId: 'cloudbuild' },
  ],
  [
    createCloudbuildEnableAction({ runner: noRunner, guard }),
    { targetPath: 'repo', trigger: 'none' },
  ],
  [
    createRepoPushAction({
      config: new ConfigReader({}),
      auth: {} as any,
      runner: noRunner,
      guard,
    }),
    { targetPath: 'repo', branchName: 'mx/cloudbuild', commitMessage: 'x' },
  ],
];

describe('the owner check of the mutating mx actions', () => {
  const root = createMockDirectory();
  let workspace: string;
  let repo: string;
  beforeEach(async () => {
    root.clear();
    workspace = root.resolve('workspace');
    repo = path.join(workspace, 'repo');
    await fs.mkdir(path.join(repo, '.git'), { recursive: true });
    await fs.mkdir(path.join(workspace, 'rendered'), { recursive: true });
    await seedState(repo);
  });

  const context = (input: Record<string, unknown>, user: { ref: string }) =>
    createMockActionContext({
      input: input as any,
      workspacePath: workspace,
      logger: captureLogger().logger,
      user,
      templateInfo: TEMPLATE as any,
    });

  it.each(actions(guardOf()).map(([a, input]) => [a.id, a, input] as const))(
    '%s refuses a non-owner of the checked-out project, naming the owners, the admins and who asked',
    async (_id, action, input) => {
      await recordCheckout(repo, 'component:default/fraud-detection');
      const stateBefore = await fs.readFile(
        path.join(repo, '.mx/state.yaml'),
        'utf8',
      );
      const error = await runAction(action, context(input, STRANGER)).catch(
        e => e,
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        `${REFUSAL} (${action.id} changed nothing). Ask an owner to run it or to add you to group:default/ml-team.`,
      );
      expect(await fs.readFile(path.join(repo, '.mx/state.yaml'), 'utf8')).toBe(
        stateBefore,
      );
    },
  );

  it('lets the owner group and an admin group record state on the checked-out project', async () => {
    await recordCheckout(repo, 'component:default/fraud-detection');
    const [[stateMerge, input]] = actions(guardOf());
    for (const user of [OWNER, ADMIN]) {
      const ctx = context(input, user);
      await runAction(stateMerge, ctx);
      expect(ctx.output).toHaveBeenCalledWith('changed', expect.any(Boolean));
    }
    expect(
      await fs.readFile(path.join(repo, '.mx/state.yaml'), 'utf8'),
    ).toContain('cloudbuild:');
  });

  it('finds the project from its state when nothing recorded a checkout', async () => {
    const [[stateMerge, input]] = actions(guardOf());
    await expect(
      runAction(stateMerge, context(input, STRANGER)),
    ).rejects.toThrow(REFUSAL);
    await expect(
      runAction(stateMerge, context(input, OWNER)),
    ).resolves.toBeUndefined();
  });

  it('checks the recorded checkout, not the name the state claims', async () => {
    // A state renamed to another project does not move the check away from the clone's entity.
    await recordCheckout(repo, 'component:default/churn-model');
    const [[stateMerge, input]] = actions(guardOf());
    await expect(runAction(stateMerge, context(input, OWNER))).rejects.toThrow(
      'Only the owners of component:default/churn-model (group:default/other-team) or mx.admins (group:default/platform) may run cloudbuild on it; you are user:default/ada',
    );
  });

  it('refuses the owner too when the permission policy denies mx.project.change', async () => {
    await recordCheckout(repo, 'component:default/fraud-detection');
    const asked: unknown[] = [];
    const permissions = {
      authorize: async (requests: unknown[]) => {
        asked.push(...requests);
        return [{ result: AuthorizeResult.DENY }];
      },
    } as unknown as PermissionsService;
    const [[stateMerge, input]] = actions(
      guardOf({ admins: { groups: ['platform'] } }, permissions),
    );
    await expect(runAction(stateMerge, context(input, OWNER))).rejects.toThrow(
      'The permission policy does not allow user:default/ada to change component:default/fraud-detection (permission mx.project.change)',
    );
    expect(asked).toEqual([
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'mx.project.change' }),
        resourceRef: 'component:default/fraud-detection',
      }),
    ]);
  });

  describe('a new project (no state yet)', () => {
    beforeEach(async () => {
      await fs.rm(path.join(repo, '.mx'), { recursive: true });
    });
    const create = {
      targetPath: 'repo',
      generatorId: 'ml-project',
      generatorVersion: '1.0.0',
      project: { ...PROJECT, name: 'new-project' },
    };

    it('is created by anyone signed in when mx.permissions.creators is unset', async () => {
      const [[stateMerge]] = actions(guardOf());
      await expect(
        runAction(stateMerge, context(create, STRANGER)),
      ).resolves.toBeUndefined();
    });

    it('is created only by members of mx.permissions.creators (and admins) when set', async () => {
      const guard = guardOf({
        admins: { groups: ['platform'] },
        permissions: { creators: ['group:default/ml-team'] },
      });
      const [[stateMerge]] = actions(guard);
      const error = await runAction(
        stateMerge,
        context(create, STRANGER),
      ).catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        'Only members of group:default/ml-team (mx.permissions.creators) or mx.admins may create ML projects with cloudbuild; you are user:default/mallory (mx:state:merge changed nothing). Ask a platform admin to add you to one of those groups.',
      );
      await runAction(stateMerge, context(create, OWNER));
      await fs.rm(path.join(repo, '.mx'), { recursive: true });
      await runAction(stateMerge, context(create, ADMIN));
    });
  });
});
