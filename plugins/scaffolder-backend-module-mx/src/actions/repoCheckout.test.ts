import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import {
  GrowTestGitServer,
  startGrowTestGitServer,
} from '../__testUtils__/gitServer';
import {
  captureLogger,
  outputsOf,
  projectEntity,
  projectStateText,
} from '../__testUtils__/growFixtures';
import { createRepoCheckoutAction } from './repoCheckout';

// Real git over HTTP: each step spawns several git processes.
jest.setTimeout(30_000);

const GITHUB_TOKEN = 'ghs_checkoutTestToken1234567890';
const SKELETON = {
  'README.md': '# fraud-detection\n',
  'devspace.yaml': 'version: v2beta1\nname: fraud-detection\n',
  '.mx/state.yaml': projectStateText(),
};

describe('mx:repo:checkout', () => {
  const mockDir = createMockDirectory();
  let server: GrowTestGitServer;

  beforeAll(async () => {
    server = await startGrowTestGitServer({
      root: mockDir.resolve('hosts'),
      githubToken: GITHUB_TOKEN,
    });
    await server.createRepo('local', 'fraud-detection', SKELETON);
    await server.createRepo('local', 'broken', {
      ...SKELETON,
      '.mx/state.yaml': projectStateText().replace(
        'region: europe-west4',
        'region: mars-north1',
      ),
    });
    await server.createRepo('local', 'no-state', { 'README.md': 'hi\n' });
    await server.createRepo('github', 'acme/fraud-detection', SKELETON);
  });
  afterAll(() => server.stop());

  const localEntity = (name = 'fraud-detection') =>
    projectEntity(
      {
        'backstage.io/managed-by-location': `url:${server.baseUrl}/api/mx-git-host/repos/${name}/blob/main/catalog-info.yaml`,
      },
      { name },
    );
  const setup = (entities: ReturnType<typeof projectEntity>[], config = {}) => {
    const workspacePath = mockDir.resolve(
      `ws-${Math.random().toString(36).slice(2)}`,
    );
    const log = captureLogger();
    const action = createRepoCheckoutAction({
      catalog: catalogServiceMock({ entities }),
      config: new ConfigReader(config),
      runner: createCliRunner(),
    });
    return { action, workspacePath, log };
  };

  it('clones a project from the local git host and outputs its answers', async () => {
    const { action, workspacePath, log } = setup([localEntity()]);
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/fraud-detection' },
      workspacePath,
      logger: log.logger,
    });
    await action.handler(ctx);
    const out = outputsOf(ctx);
    expect(out.remoteUrl).toBe(
      `${server.baseUrl}/api/mx-git-host/repos/fraud-detection.git`,
    );
    expect(out.branch).toBe('main');
    expect(out.repoPath).toBe('repo');
    expect(out.project.gcpProjectId).toBe('acme-fraud-42');
    expect(out.state.generators['ml-project'].version).toBe('1.0.0');
    expect(
      await fs.readFile(
        path.join(workspacePath, 'repo', 'devspace.yaml'),
        'utf8',
      ),
    ).toBe(SKELETON['devspace.yaml']);
    expect(log.text()).toContain("Project 'fraud-detection'");
  });

  it('accepts a bare name as entityRef and a custom targetPath', async () => {
    const { action, workspacePath } = setup([localEntity()]);
    const ctx = createMockActionContext({
      input: { entityRef: 'fraud-detection', targetPath: 'project' },
      workspacePath,
    });
    await action.handler(ctx);
    expect(outputsOf(ctx).repoPath).toBe('project');
    await expect(
      fs.stat(path.join(workspacePath, 'project', '.mx', 'state.yaml')),
    ).resolves.toBeTruthy();
  });

  it('clones from GitHub with the integration token sent only as a header', async () => {
    const entity = projectEntity({
      'backstage.io/managed-by-location': `url:${server.baseUrl}/acme/fraud-detection/blob/main/catalog-info.yaml`,
      'backstage.io/source-location': `url:${server.baseUrl}/acme/fraud-detection/tree/main/`,
    });
    const { action, workspacePath, log } = setup([entity], {
      integrations: {
        github: [
          {
            host: new URL(server.baseUrl).host,
            apiBaseUrl: `${server.baseUrl}/api/v3`,
            token: GITHUB_TOKEN,
          },
        ],
      },
    });
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/fraud-detection' },
      workspacePath,
      logger: log.logger,
    });
    await action.handler(ctx);
    const out = outputsOf(ctx);
    expect(out.remoteUrl).toBe(`${server.baseUrl}/acme/fraud-detection.git`);
    expect(out.project.name).toBe('fraud-detection');
    const gitConfig = await fs.readFile(
      path.join(workspacePath, 'repo', '.git', 'config'),
      'utf8',
    );
    expect(gitConfig).not.toContain(GITHUB_TOKEN);
    expect(gitConfig).not.toContain('extraHeader');
    expect(log.text()).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(out)).not.toContain(GITHUB_TOKEN);
  });

  it('refuses an entity that is not an ml-project component', async () => {
    const { action, workspacePath } = setup([
      projectEntity({}, { type: 'service', name: 'billing' }),
    ]);
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/billing' },
      workspacePath,
    });
    const err = await action.handler(ctx).catch(e => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(
      "'component:default/billing' is a Component of type 'service', not an ML project",
    );
  });

  it('reports an unknown entity', async () => {
    const { action, workspacePath } = setup([]);
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/nope' },
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "No entity 'component:default/nope' in the catalog",
    );
  });

  it('names the file, line and reason of a corrupt state', async () => {
    const { action, workspacePath } = setup([localEntity('broken')]);
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/broken' },
      workspacePath,
    });
    const err = await action.handler(ctx).catch(e => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(
      /^repo\/\.mx\/state\.yaml, line \d+, at 'project\.region': a GCP region that offers GPUs/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a repository without .mx/state.yaml', async () => {
    const { action, workspacePath } = setup([localEntity('no-state')]);
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/no-state' },
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /has no \.mx\/state\.yaml: it is not an MX project repository/,
    );
  });

  it('refuses entities whose location is not a supported git host', async () => {
    const { action, workspacePath } = setup([
      projectEntity({
        'backstage.io/managed-by-location': 'file:/tmp/catalog-info.yaml',
      }),
    ]);
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/fraud-detection' },
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(/is not a URL location/);
  });

  it('refuses a targetPath outside the workspace', async () => {
    const { action, workspacePath } = setup([localEntity()]);
    const ctx = createMockActionContext({
      input: { entityRef: 'fraud-detection', targetPath: '../elsewhere' },
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "targetPath '../elsewhere' points outside the workspace",
    );
  });

  describe('dry run', () => {
    it('clones nothing and reads the state the workspace was seeded with', async () => {
      const { action, workspacePath } = setup([localEntity()]);
      await fs.mkdir(path.join(workspacePath, 'repo', '.mx'), {
        recursive: true,
      });
      await fs.writeFile(
        path.join(workspacePath, 'repo', '.mx', 'state.yaml'),
        projectStateText(),
      );
      const before = server.requests.length;
      const ctx = {
        ...createMockActionContext({
          input: { entityRef: 'component:default/fraud-detection' },
          workspacePath,
        }),
        isDryRun: true,
      };
      await action.handler(ctx);
      expect(server.requests.length).toBe(before);
      expect(outputsOf(ctx).project.region).toBe('europe-west4');
      await expect(
        fs.stat(path.join(workspacePath, 'repo', '.git')),
      ).rejects.toThrow();
    });

    it('checks an entity without a repository location, as the template check kit registers it', async () => {
      const { action, workspacePath } = setup([projectEntity({})]);
      await fs.mkdir(path.join(workspacePath, 'repo', '.mx'), {
        recursive: true,
      });
      await fs.writeFile(
        path.join(workspacePath, 'repo', '.mx', 'state.yaml'),
        projectStateText(),
      );
      const ctx = {
        ...createMockActionContext({
          input: { entityRef: 'component:default/fraud-detection' },
          workspacePath,
        }),
        isDryRun: true,
      };
      await action.handler(ctx);
      expect(outputsOf(ctx)).toMatchObject({
        remoteUrl: '',
        project: { name: 'fraud-detection' },
      });
      // Outside a dry run the same entity is refused.
      const real = createMockActionContext({
        input: {
          entityRef: 'component:default/fraud-detection',
          targetPath: 'other',
        },
        workspacePath,
      });
      await expect(action.handler(real)).rejects.toThrow(
        'so its repository is unknown',
      );
    });

    it('leaves state and project out when the workspace has no state', async () => {
      const { action, workspacePath } = setup([localEntity()]);
      const ctx = {
        ...createMockActionContext({
          input: { entityRef: 'component:default/fraud-detection' },
          workspacePath,
        }),
        isDryRun: true,
      };
      await action.handler(ctx);
      const out = outputsOf(ctx);
      expect(out.remoteUrl).toContain('/repos/fraud-detection.git');
      expect(out.project).toBeUndefined();
    });
  });
});
