/*
 * A seeded MX project for this package's tests: its state, its catalog entities, and a runner
 * around each action that validates input as the scaffolder does.
 */
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  STATE_FILE_PATH,
  mergeState,
  serializeState,
} from '@mx-backstage/plugin-mx-common';
import { validate } from 'jsonschema';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE_PROJECT } from '@mx-backstage/plugin-mx-common/testUtils';

export const PROJECT = EXAMPLE_PROJECT;
export const PROJECT_REF = 'component:default/fraud-detection';
export const OWNER = { ref: 'user:default/ada' };
export const ADMIN = { ref: 'user:default/root' };
export const STRANGER = { ref: 'user:default/mallory' };

/** Writes `.mx/state.yaml` of a freshly created project into `repoDir`. */
export async function seedState(repoDir: string) {
  const { state } = mergeState(undefined, {
    generator: { id: 'ml-project', version: '1.0.0' },
    project: PROJECT,
    deployments: {
      'training-infrastructure': { description: 'MLflow + PostgreSQL' },
      'cuda-drivers': {},
    },
    initiator: 'user:default/ada',
    now: new Date('2026-11-28T10:00:00.000Z'),
  });
  const file = path.join(repoDir, STATE_FILE_PATH);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, serializeState(state), 'utf8');
  return state;
}

const user = (name: string, memberOf: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf },
});

export const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'fraud-detection', namespace: 'default' },
    spec: { type: 'ml-project', lifecycle: 'experimental', owner: 'ml-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'churn-model', namespace: 'default' },
    spec: {
      type: 'ml-project',
      lifecycle: 'experimental',
      owner: 'group:default/other-team',
    },
  },
  user('ada', ['ml-team']),
  user('root', ['group:default/platform']),
  user('mallory', ['other-team']),
];

export function testCatalog() {
  return catalogServiceMock({ entities: ENTITIES });
}

/** Validates the input against the action's schema (as the scaffolder's task runner does), then runs it. */
export async function runAction(
  action: TemplateAction<any, any, any>,
  ctx: { input: unknown } & Record<string, any>,
) {
  if (action.schema?.input) {
    const result = validate(ctx.input, action.schema.input as any);
    if (!result.valid) {
      throw new InputError(
        `Invalid input passed to action ${action.id}, ${result.errors.join(
          ', ',
        )}`,
      );
    }
  }
  await action.handler(ctx as any);
}

/** The outputs an action reported through `ctx.output` (a jest.fn in createMockActionContext). */
export function outputsOf(ctx: { output: unknown }): Record<string, any> {
  const calls = (ctx.output as jest.Mock).mock.calls as Array<
    [string, unknown]
  >;
  return Object.fromEntries(calls);
}

/** Makes `dir` a git repository with everything in it committed; returns a committer. */
export async function initGitRepo(dir: string) {
  const git = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile(
        'git',
        [
          '-c',
          'user.name=MX test',
          '-c',
          'user.email=mx-test@example.com',
          ...args,
        ],
        { cwd: dir },
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`${error.message}\n${stderr}`))
            : resolve(stdout.trim()),
      ),
    );
  await git('init', '-q', '-b', 'main');
  const commitAll = async (message: string) => {
    await git('add', '-A');
    await git('commit', '-q', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  await commitAll('Create project');
  return { git, commitAll };
}
