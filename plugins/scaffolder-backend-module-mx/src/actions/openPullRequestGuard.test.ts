/*
 * Day-2 operations on a project whose repository is on GitHub, while an MX pull request of that
 * project is still open (found with Octokit against the msw fake of GitHub's REST API).
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliRunner } from '../cli/runner';
import { captureLogger } from '../__testUtils__';
import { DEVSPACE_YAML } from '../__testUtils__/fixtures';
import { createFakeGithub } from '../__testUtils__/fakeGithubApi';
import {
  ENTITIES,
  OWNER,
  PROJECT_REF,
  seedState,
} from '../__testUtils__/project';
import { createDevspaceDeployAction } from './devspaceDeploy';
import { createTerraformApplyAction } from './terraformApply';

jest.setTimeout(60_000);

describe('apply and deploy while an MX pull request is open', () => {
  const root = createMockDirectory();
  let fake: ReturnType<typeof createFakeGithub>;
  let workspace: string;
  let toolRuns: string[];

  beforeEach(async () => {
    root.clear();
    fake = createFakeGithub({ owner: 'acme', repo: 'fraud-detection' });
    fake.server.listen({ onUnhandledRequest: 'error' });
    workspace = root.resolve('workspace');
    await fs.mkdir(path.join(workspace, 'infrastructure/terraform'), {
      recursive: true,
    });
    await fs.writeFile(
      path.join(workspace, 'infrastructure/terraform/main.tf'),
      'terraform {}\n',
    );
    await fs.writeFile(path.join(workspace, 'devspace.yaml'), DEVSPACE_YAML);
    await seedState(workspace);
    toolRuns = [];
  });
  afterEach(() => fake.server.close());

  // The project component, registered from its GitHub repository.
  const catalog = () =>
    catalogServiceMock({
      entities: ENTITIES.map(e =>
        e.metadata.name === 'fraud-detection'
          ? {
              ...e,
              metadata: {
                ...e.metadata,
                annotations: {
                  'backstage.io/source-location': `url:${fake.remoteUrl.replace(
                    /\.git$/,
                    '',
                  )}/tree/main/`,
                },
              },
            }
          : e,
      ),
    });
  const config = () =>
    new ConfigReader({ integrations: { github: [fake.integrationConfig] } });
  // Records instead of running: the witness that no tool ran once the guard refused.
  const runner: CliRunner = {
    run: async request => {
      toolRuns.push(`${request.command} ${request.args.join(' ')}`);
      throw new Error('no tool should run in this test');
    },
  };
  const context = (input: Record<string, unknown>, isDryRun = false) => {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: { entityRef: PROJECT_REF, ...input } as any,
      workspacePath: workspace,
      logger: log.logger,
      user: OWNER,
    });
    return { ctx: { ...ctx, isDryRun }, log };
  };
  const openMxPull = () =>
    fake.addPull({
      head: 'mx/add-distributed-training',
      base: 'main',
      title: 'Add distributed training',
      body: '',
    });

  it('refuses to apply, naming the pull request to merge, and runs no terraform', async () => {
    const pr = openMxPull();
    const { ctx } = context({
      planId: '0b6c2f0e-5d6a-4d0e-9a53-3f1c2b7d9e10',
      backend: 'local',
    });
    const err = await createTerraformApplyAction({
      runner,
      catalog: catalog(),
      config: config(),
    })
      .handler(ctx as any)
      .catch(e => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toContain(
      `#${pr.number} Add distributed training (https://ghe.example.test/acme/fraud-detection/pull/${pr.number})`,
    );
    expect(err.message).toContain('Merge (or close) them on GitHub first');
    expect(toolRuns).toEqual([]);
    const list = fake.requests.find(r => r.path === '/pulls');
    expect(list?.query).toMatchObject({ state: 'open', base: 'main' });
  });

  it('refuses to deploy while the pull request is open', async () => {
    openMxPull();
    const { ctx } = context({});
    const err = await createDevspaceDeployAction({
      runner,
      catalog: catalog(),
      config: config(),
    })
      .handler(ctx as any)
      .catch(e => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toContain('Deploy uses the main branch');
    expect(toolRuns).toEqual([]);
  });

  it('only warns on a plan (no planId): planning reads main and changes nothing', async () => {
    openMxPull();
    const { ctx, log } = context({ backend: 'local' });
    const err = await createTerraformApplyAction({
      runner,
      catalog: catalog(),
      config: config(),
    })
      .handler(ctx as any)
      .catch(e => e);
    // It went on to run terraform (the recording runner stops it there).
    expect(err.message).toContain('no tool should run');
    expect(toolRuns.length).toBeGreaterThan(0);
    expect(log.text()).toContain('open MX pull request(s) not merged yet');
  });

  it('ignores pull requests that are not MX changes of this repository, and closed ones', async () => {
    fake.addPull({
      head: 'feature/faster',
      base: 'main',
      title: 'A',
      body: '',
    });
    fake.addPull({
      head: 'mx/from-a-fork',
      base: 'main',
      title: 'B',
      body: '',
      headRepo: 'someone/fraud-detection',
    });
    fake.addPull({
      head: 'mx/merged-already',
      base: 'main',
      title: 'C',
      body: '',
      state: 'closed',
    });
    const { ctx, log } = context({
      planId: '0b6c2f0e-5d6a-4d0e-9a53-3f1c2b7d9e10',
      backend: 'local',
    });
    const err = await createTerraformApplyAction({
      runner,
      catalog: catalog(),
      config: config(),
    })
      .handler(ctx as any)
      .catch(e => e);
    expect(err).not.toBeInstanceOf(ConflictError);
    expect(toolRuns.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain('open MX pull request');
  });
});
