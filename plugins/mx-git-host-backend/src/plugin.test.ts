import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mxGitHostPlugin } from './plugin';

// Async on purpose: the git host answers from this same process.
const git = (args: string[], cwd: string, env?: Record<string, string>) =>
  promisify(execFile)('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      ...env,
    },
  });

describe('mx-git-host', () => {
  const dir = createMockDirectory();
  let server: any;
  let baseUrl: string;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        mxGitHostPlugin,
        // Like the real backend: a request without a token has no credentials.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: { mx: { gitHost: { root: path.join(dir.path, 'repos') } } },
        }),
        catalogServiceMock.factory(),
      ],
    });
    server = backend.server;
    const address = server.address();
    baseUrl = `http://127.0.0.1:${address.port}/api/mx-git-host`;
  });

  afterAll(async () => {
    await server?.close?.();
  });

  it('creates a repository only for authenticated callers, and refuses a duplicate', async () => {
    await request(server)
      .post('/api/mx-git-host/repos')
      .send({ name: 'alpha' })
      .expect(401);
    const created = await request(server)
      .post('/api/mx-git-host/repos')
      .set('authorization', mockCredentials.user.header())
      .send({ name: 'alpha', description: 'test repo' })
      .expect(201);
    expect(created.body.cloneUrl).toMatch(
      /\/api\/mx-git-host\/repos\/alpha\.git$/,
    );
    const again = await request(server)
      .post('/api/mx-git-host/repos')
      .set('authorization', mockCredentials.user.header())
      .send({ name: 'alpha' })
      .expect(409);
    expect(again.body.empty).toBe(true);
  });

  it('rejects invalid repository names', async () => {
    const res = await request(server)
      .post('/api/mx-git-host/repos')
      .set('authorization', mockCredentials.user.header())
      .send({ name: '../escape' })
      .expect(400);
    expect(res.body.error.message).toMatch(/Invalid repository name/);
    expect(fs.existsSync(path.join(dir.path, 'escape.git'))).toBe(false);
  });

  it('accepts a push with a token, refuses one without, and serves clones and files', async () => {
    const work = path.join(dir.path, 'work');
    fs.mkdirSync(work, { recursive: true });
    await git(['init', '--quiet', '--initial-branch=main'], work);
    fs.writeFileSync(path.join(work, 'catalog-info.yaml'), 'kind: Component\n');
    await git(['add', '.'], work);
    await git(['commit', '--quiet', '-m', 'first'], work);

    await expect(
      git(
        [
          'push',
          '--quiet',
          `${baseUrl}/repos/alpha.git`,
          'HEAD:refs/heads/main',
        ],
        work,
      ),
    ).rejects.toThrow();

    await git(
      ['push', '--quiet', `${baseUrl}/repos/alpha.git`, 'HEAD:refs/heads/main'],
      work,
      {
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `Authorization: ${mockCredentials.user.header()}`,
      },
    );

    const clone = path.join(dir.path, 'clone');
    await git(
      ['clone', '--quiet', `${baseUrl}/repos/alpha.git`, clone],
      dir.path,
    );
    expect(fs.readFileSync(path.join(clone, 'catalog-info.yaml'), 'utf8')).toBe(
      'kind: Component\n',
    );

    const blob = await request(server)
      .get('/api/mx-git-host/repos/alpha/blob/main/catalog-info.yaml')
      .expect(200);
    expect(blob.text).toBe('kind: Component\n');
    await request(server)
      .get('/api/mx-git-host/repos/alpha/blob/main/missing.yaml')
      .expect(404);
    await request(server)
      .get('/api/mx-git-host/repos/alpha/blob/main/../../etc/passwd')
      .expect(404);

    const dup = await request(server)
      .post('/api/mx-git-host/repos')
      .set('authorization', mockCredentials.user.header())
      .send({ name: 'alpha' })
      .expect(409);
    expect(dup.body.empty).toBe(false);
  });

  it('takes a Backstage token as the password of plain git (HTTP basic auth after a challenge)', async () => {
    const work = path.join(dir.path, 'work-basic');
    fs.mkdirSync(work, { recursive: true });
    await git(['init', '--quiet', '--initial-branch=main'], work);
    fs.writeFileSync(path.join(work, 'README.md'), 'hello\n');
    await git(['add', '.'], work);
    await git(['commit', '--quiet', '-m', 'first'], work);
    await request(server)
      .post('/api/mx-git-host/repos')
      .set('authorization', mockCredentials.user.header())
      .send({ name: 'basic' })
      .expect(201);

    const challenge = await request(server)
      .get(
        '/api/mx-git-host/repos/basic.git/info/refs?service=git-receive-pack',
      )
      .expect(401);
    expect(challenge.headers['www-authenticate']).toMatch(
      /^Basic realm=".*Backstage token/,
    );
    expect(challenge.text).toContain('your token as the password');

    const token = mockCredentials.user.header().replace(/^Bearer /, '');
    const withPassword = (password: string) =>
      baseUrl.replace(
        'http://',
        `http://anyone:${encodeURIComponent(password)}@`,
      );
    await expect(
      git(
        [
          'push',
          '--quiet',
          `${withPassword('not-a-token')}/repos/basic.git`,
          'HEAD:refs/heads/main',
        ],
        work,
      ),
    ).rejects.toThrow(/Authentication failed|401/);
    await git(
      [
        'push',
        '--quiet',
        `${withPassword(token)}/repos/basic.git`,
        'HEAD:refs/heads/main',
      ],
      work,
    );
    const blob = await request(server)
      .get('/api/mx-git-host/repos/basic/blob/main/README.md')
      .expect(200);
    expect(blob.text).toBe('hello\n');
  });
});
