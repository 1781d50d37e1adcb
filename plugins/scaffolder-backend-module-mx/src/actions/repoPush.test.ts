import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import {
  GrowTestGitServer,
  git,
  startGrowTestGitServer,
} from '../__testUtils__/gitServer';
import {
  captureLogger,
  outputsOf,
  projectStateText,
} from '../__testUtils__/growFixtures';
import { createFakeGithub } from '../__testUtils__/fakeGithubApi';
import { createRepoPushAction } from './repoPush';

// Real git over HTTP: each step spawns several git processes.
jest.setTimeout(90_000);

const GITHUB_TOKEN = 'ghs_pushTestToken0987654321';
const FILES = {
  'README.md': '# fraud-detection\n',
  'devspace.yaml': 'version: v2beta1\n',
  'infrastructure/old.tf': '# old\n',
  '.gitignore': '.mx/base/\n',
  '.mx/state.yaml': projectStateText(),
};

describe('mx:repo:push', () => {
  const mockDir = createMockDirectory();
  let server: GrowTestGitServer;
  let n = 0;

  beforeAll(async () => {
    server = await startGrowTestGitServer({
      root: mockDir.resolve('hosts'),
      githubToken: GITHUB_TOKEN,
    });
  });
  afterAll(() => server.stop());

  const githubConfig = () => ({
    mx: { publish: { target: 'github' } },
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

  /** A new repository on the host and a workspace with its clone at `repo`. */
  const setup = async (kind: 'local' | 'github', config: object = {}) => {
    n++;
    const name = kind === 'local' ? `project-${n}` : `acme/project-${n}`;
    const bare = await server.createRepo(kind, name, FILES);
    const ws = mockDir.resolve(`ws-${n}`);
    await fs.mkdir(ws, { recursive: true });
    // Clone straight from disk; the action pushes over HTTP to the URL set as origin.
    await git(ws, ['clone', '--quiet', bare, 'repo']);
    const url =
      kind === 'local'
        ? `${server.baseUrl}/api/mx-git-host/repos/${name}.git`
        : `${server.baseUrl}/${name}.git`;
    await git(path.join(ws, 'repo'), ['remote', 'set-url', 'origin', url]);
    const log = captureLogger();
    const action = createRepoPushAction({
      config: new ConfigReader(config),
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      runner: createCliRunner(),
    });
    const run = async (input: Record<string, unknown> = {}, dryRun = false) => {
      const ctx = {
        ...createMockActionContext({
          input: { commitMessage: 'Add distributed training', ...input },
          workspacePath: ws,
          logger: log.logger,
        }),
        isDryRun: dryRun,
      };
      await action.handler(ctx);
      return outputsOf(ctx);
    };
    const remote = (args: string[]) => git(bare, args);
    return { ws, bare, run, remote, log, url };
  };

  it('makes no commit when nothing changed', async () => {
    const { run, remote } = await setup('local');
    const before = await remote(['rev-parse', 'main']);
    const requests = server.requests.length;
    const out = await run();
    expect(out.changed).toBe(false);
    expect(out.commitHash).toBe(before.trim());
    expect(await remote(['rev-parse', 'main'])).toBe(before);
    expect(server.requests.length).toBe(requests);
  });

  it('commits created, changed and deleted files straight to main on the local git host', async () => {
    const { ws, run, remote, log, url } = await setup('local');
    await fs.writeFile(
      path.join(ws, 'repo/devspace.yaml'),
      'version: v2beta1\n# more\n',
    );
    await fs.rm(path.join(ws, 'repo/infrastructure/old.tf'));
    await fs.mkdir(path.join(ws, 'repo/.mx/base'), { recursive: true });
    await fs.writeFile(
      path.join(ws, 'repo/.mx/base/devspace.yaml'),
      'version: v2beta1\n',
    );
    const authBefore = server.authHeaders.length;

    const out = await run({
      description: '## Generator `distributed-training`\n\n1 file merged.\n',
    });
    expect(out).toMatchObject({
      changed: true,
      branchName: 'main',
      remoteUrl: url,
    });
    expect(out.pullRequestUrl).toBeUndefined();
    expect((await remote(['rev-parse', 'main'])).trim()).toBe(out.commitHash);
    expect(await remote(['log', '-1', '--format=%s', 'main'])).toBe(
      'Add distributed training\n',
    );
    // The description is the commit's body.
    expect(await remote(['log', '-1', '--format=%b', 'main'])).toBe(
      '## Generator `distributed-training`\n\n1 file merged.\n\n',
    );
    const tree = (await remote(['ls-tree', '-r', '--name-only', 'main'])).split(
      '\n',
    );
    expect(tree).not.toContain('infrastructure/old.tf');
    // .mx/base is committed even though the repository's .gitignore matches it.
    expect(tree).toContain('.mx/base/devspace.yaml');
    expect(await remote(['show', 'main:devspace.yaml'])).toContain('# more');

    const pushAuth = server.authHeaders.slice(authBefore);
    expect(pushAuth.length).toBeGreaterThan(0);
    const token = pushAuth[0].replace(/^Bearer /, '');
    expect(token).toContain('mx-git-host');
    expect(log.text()).not.toContain(token);
    expect(JSON.stringify(out)).not.toContain(token);
    expect(
      await fs.readFile(path.join(ws, 'repo/.git/config'), 'utf8'),
    ).not.toContain(token);

    // Publishing again has nothing left to commit.
    expect((await run()).changed).toBe(false);
  });

  it('pushes a commit a failed earlier attempt left unpushed', async () => {
    const { ws, run, remote } = await setup('local');
    await fs.writeFile(path.join(ws, 'repo/new.txt'), 'x\n');
    await git(path.join(ws, 'repo'), ['add', '--all']);
    await git(path.join(ws, 'repo'), [
      'commit',
      '--quiet',
      '-m',
      'Made before the push failed',
    ]);
    const out = await run();
    expect(out.changed).toBe(true);
    expect((await remote(['rev-parse', 'main'])).trim()).toBe(out.commitHash);
    expect(await remote(['show', 'main:new.txt'])).toBe('x\n');
  });

  describe('on GitHub (Octokit against the fake GitHub API)', () => {
    let fake: ReturnType<typeof createFakeGithub>;
    let seq = 0;
    beforeEach(() => {
      fake = createFakeGithub({ owner: 'acme', repo: `project-gh-${++seq}` });
      fake.server.listen({ onUnhandledRequest: 'error' });
    });
    afterEach(() => fake.server.close());

    const ghConfig = () => ({
      mx: { publish: { target: 'github' } },
      integrations: { github: [fake.integrationConfig] },
    });

    /** A clone whose origin is the fake GitHub repository, and whose HEAD GitHub knows. */
    const setupGithub = async () => {
      const ctx = await setup('local', ghConfig());
      const repoDir = path.join(ctx.ws, 'repo');
      await git(repoDir, ['remote', 'set-url', 'origin', fake.remoteUrl]);
      const head = (await git(repoDir, ['rev-parse', 'HEAD'])).trim();
      const tree = (await git(repoDir, ['rev-parse', 'HEAD^{tree}'])).trim();
      fake.addCommit(head, tree);
      return { ...ctx, repoDir, head, tree };
    };

    it('commits created and deleted files through the API and opens a pull request', async () => {
      const { ws, run, remote, log, head, tree } = await setupGithub();
      await fs.rm(path.join(ws, 'repo/infrastructure/old.tf'));
      await fs.writeFile(path.join(ws, 'repo/cloudbuild.yaml'), 'steps: []\n');
      const mainBefore = await remote(['rev-parse', 'main']);

      const out = await run({
        title: 'Add distributed training',
        description: '## Generator `distributed-training`\n',
      });
      expect(out.changed).toBe(true);
      expect(out.branchName).toBe('mx/add-distributed-training');
      expect(out.pullRequestUrl).toBe(
        `${fake.remoteUrl.replace(/\.git$/, '')}/pull/1`,
      );
      // Nothing was pushed with git: the clone's source is untouched.
      expect(await remote(['rev-parse', 'main'])).toBe(mainBefore);

      const posted = (p: string) =>
        fake.requests.filter(r => r.method === 'POST' && r.path === p);
      const [treeReq] = posted('/git/trees');
      expect(treeReq.body.base_tree).toBe(tree);
      const entries = Object.fromEntries(
        treeReq.body.tree.map((e: { path: string }) => [e.path, e]),
      );
      expect(entries['infrastructure/old.tf']).toEqual({
        path: 'infrastructure/old.tf',
        mode: '100644',
        type: 'blob',
        sha: null,
      });
      const [blobReq] = posted('/git/blobs');
      expect(Buffer.from(blobReq.body.content, 'base64').toString('utf8')).toBe(
        'steps: []\n',
      );
      expect(entries['cloudbuild.yaml'].mode).toBe('100644');
      expect(Object.keys(entries).sort()).toEqual([
        'cloudbuild.yaml',
        'infrastructure/old.tf',
      ]);

      const [commitReq] = posted('/git/commits');
      expect(commitReq.body.parents).toEqual([head]);
      expect(commitReq.body.message).toBe('Add distributed training');
      expect(fake.refs.get('mx/add-distributed-training')).toBe(out.commitHash);
      expect(posted('/pulls')[0].body).toEqual({
        title: 'Add distributed training',
        head: 'mx/add-distributed-training',
        base: 'main',
        body: '## Generator `distributed-training`\n',
      });
      expect(log.text()).not.toContain(fake.integrationConfig.token);
      expect(JSON.stringify(out)).not.toContain(fake.integrationConfig.token);
    });

    it('never moves a branch left from an earlier run: the change goes beside it', async () => {
      const first = await setupGithub();
      await fs.writeFile(path.join(first.ws, 'repo/a.txt'), 'a\n');
      const one = await first.run({ branchName: 'mx/cloudbuild' });
      expect(one.branchName).toBe('mx/cloudbuild');

      // A later run of the same generator from the same commit, with another change.
      await git(first.repoDir, ['reset', '--quiet', '--hard', 'HEAD']);
      await git(first.repoDir, ['clean', '-fdq']);
      await fs.writeFile(path.join(first.ws, 'repo/b.txt'), 'b\n');
      const two = await first.run({
        commitMessage: 'Update Cloud Build',
        branchName: 'mx/cloudbuild',
      });
      expect(two.branchName).toMatch(/^mx\/cloudbuild-[0-9a-f]{8}$/);
      expect(fake.refs.get(two.branchName)).toBe(two.commitHash);
      expect(fake.refs.get('mx/cloudbuild')).toBe(one.commitHash);
      expect(fake.pulls.map(p => p.head)).toEqual([
        'mx/cloudbuild',
        two.branchName,
      ]);
      expect(first.log.text()).toContain('already exists');
    });

    it('reuses its own branch and open pull request when the step is retried', async () => {
      const { ws, run } = await setupGithub();
      await fs.writeFile(path.join(ws, 'repo/a.txt'), 'a\n');
      const one = await run({ branchName: 'mx/retry' });
      // The same step again (e.g. resumed on another replica before its checkpoint was saved).
      const again = await run({ branchName: 'mx/retry' });
      expect(again.branchName).toBe('mx/retry');
      expect(again.pullRequestUrl).toBe(one.pullRequestUrl);
      expect(fake.refs.get('mx/retry')).toBe(one.commitHash);
      expect(fake.pulls).toHaveLength(1);
      // The 422 "already exists" was answered by listing open pulls with head=owner:branch.
      const listed = fake.requests.find(
        r => r.method === 'GET' && r.path === '/pulls',
      );
      expect(listed?.query).toMatchObject({
        state: 'open',
        head: 'acme:mx/retry',
      });
    });
  });

  it('refuses the github target for a repository that is not on a GitHub integration', async () => {
    const { ws, run } = await setup('local', githubConfig());
    await fs.writeFile(path.join(ws, 'repo/new.txt'), 'x\n');
    const err = await run().catch(e => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain("mx.publish.target is 'github' but");
  });

  it('refuses a detached checkout instead of pushing to a branch named HEAD', async () => {
    const { ws, run } = await setup('local');
    await git(path.join(ws, 'repo'), ['checkout', '--quiet', '--detach']);
    await fs.writeFile(path.join(ws, 'repo/new.txt'), 'x\n');
    const err = await run().catch(e => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('has no branch checked out');
  });

  it('needs a checkout', async () => {
    const ws = mockDir.resolve('ws-empty');
    await fs.mkdir(path.join(ws, 'repo'), { recursive: true });
    const action = createRepoPushAction({
      config: new ConfigReader({}),
      auth: mockServices.auth(),
      runner: createCliRunner(),
    });
    const ctx = createMockActionContext({
      input: { commitMessage: 'x' },
      workspacePath: ws,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "repo is not a git checkout: run mx:repo:checkout with targetPath 'repo' first",
    );
  });

  it('commits and pushes nothing in a dry run, but says what would change', async () => {
    const { ws, run, remote, log } = await setup('local');
    await fs.writeFile(path.join(ws, 'repo/new.txt'), 'x\n');
    const before = await remote(['rev-parse', 'main']);
    const out = await run({}, true);
    expect(out.changed).toBe(true);
    expect(await remote(['rev-parse', 'main'])).toBe(before);
    expect(log.text()).toContain('A  new.txt');
    expect(log.text()).toContain('Dry run: would commit and push');
  });
});
