// End to end: who may change a project, through the real scaffolder path on the real backend
// (MX's permission policy, the mx:* actions' owner check, the local git host).
// The guest provider signs in one configured user per backend, so the test runs three backends one
// after the other on the same SQLite files and git host: first as user:default/guest (a member
// of group:default/ml-engineers, the project's owner group), then as user:default/bob (a member
// of no group; examples/org.yaml). Bob may read everything, but grow, apply and deploy refuse him
// with a message naming the owners, the admins and him; with mx.permissions.creators set, he may
// not create a project either. Then user:default/grace, an admin (mx.admins.groups), grows it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, freePort, startBackend } from './lib/backend.mjs';

const project = 'component:default/risk-scoring';
const values = {
  name: 'risk-scoring',
  client: 'Acme Insurance',
  owner: 'group:default/ml-engineers',
  engineers: ['user:default/ada'],
  gcpProjectId: 'acme-risk-7',
  region: 'europe-west4',
  description: 'Score insurance risk',
};

// Indented lines continue the test config's `mx:` block; `auth:` starts a new top-level key.
// The groups in the sign-in token do not depend on when the catalog read examples/org.yaml.
const config = (user, groups) => `  admins:
    groups: [group:default/platform]
  permissions:
    creators: [group:default/ml-engineers]
auth:
  providers:
    guest:
      userEntityRef: ${user}
      ownershipEntityRefs: ${JSON.stringify([user, ...groups])}
`;

const logOf = run =>
  (run.events ?? [])
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');

const commitsOf = (remote, branch = 'main') => {
  try {
    return execFileSync('git', ['ls-remote', remote, `refs/heads/${branch}`], {
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
  } catch {
    return '';
  }
};

describe('owners change a project, others are refused with a clear message', () => {
  let data;
  let backend;
  let client;
  // Both backends listen on one port: the catalog stores the repository URLs the first made.
  let port;
  const start = async (user, groups) => {
    backend = await startBackend({
      gitRoot: path.join(data, 'git'),
      databaseDir: path.join(data, 'db'),
      port,
      extraConfig: config(user, groups),
    });
    client = api(backend.baseUrl, await backend.token());
    await client.waitForEntity('template:default/sphinx-docs');
  };
  const remote = () =>
    `${backend.baseUrl}/api/mx-git-host/repos/risk-scoring.git`;

  before(async () => {
    data = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-e2e-perms-'));
    port = await freePort();
    await start('user:default/guest', ['group:default/ml-engineers']);
  });

  after(async () => {
    await backend?.stop();
    await fs.rm(data, { recursive: true, force: true });
  });

  it('lets a member of the creators create a project and, as its owner, grow it', async () => {
    const created = await client.runTask('template:default/ml-project', values);
    assert.equal(created.task?.status, 'completed', logOf(created));
    await client.waitForEntity(project);
    const grown = await client.runTask('template:default/sphinx-docs', {
      project,
    });
    assert.equal(grown.task?.status, 'completed', logOf(grown));
    const clone = path.join(data, 'clone');
    execFileSync('git', ['clone', '--quiet', remote(), clone]);
    const state = await fs.readFile(path.join(clone, '.mx/state.yaml'), 'utf8');
    assert.match(state, /sphinx-docs:/);
  });

  describe('signed in as user:default/bob (no group)', () => {
    let mainBefore;
    before(async () => {
      await backend.stop();
      backend = undefined;
      await start('user:default/bob', []);
      mainBefore = commitsOf(remote());
      assert.ok(mainBefore, 'the project repository has a main branch');
    });

    it('reads the project', async () => {
      const entity = await client.waitForEntity(project);
      assert.equal(entity.spec.owner, 'group:default/ml-engineers');
    });

    const refusal = generator =>
      `Only the owners of ${project} (group:default/ml-engineers) or mx.admins (group:default/platform) may run ${generator} on it; you are user:default/bob`;

    it('is refused growing it, and nothing is pushed', async () => {
      const run = await client.runTask('template:default/sphinx-docs', {
        project,
      });
      assert.equal(run.task?.status, 'failed');
      assert.ok(logOf(run).includes(refusal('sphinx-docs')), logOf(run));
      assert.equal(commitsOf(remote()), mainBefore);
      assert.equal(commitsOf(remote(), 'mx/sphinx-docs'), '');
    });

    it('is refused applying its infrastructure before terraform runs', async () => {
      const run = await client.runTask(
        'template:default/apply-infrastructure',
        {
          project,
          approve: true,
        },
      );
      assert.equal(run.task?.status, 'failed');
      const log = logOf(run);
      assert.ok(log.includes(refusal('apply-infrastructure')), log);
      assert.doesNotMatch(log, /terraform (init|plan|apply)/);
    });

    it('is refused deploying it', async () => {
      const run = await client.runTask('template:default/deploy', { project });
      assert.equal(run.task?.status, 'failed');
      assert.ok(logOf(run).includes(refusal('deploy')), logOf(run));
    });

    it('is refused a plain git push to the project with his token', async () => {
      const clone = path.join(data, 'clone');
      await fs.writeFile(path.join(clone, 'NOTES.md'), 'from bob\n');
      const git = args =>
        execFileSync('git', args, {
          cwd: clone,
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
        });
      git(['add', 'NOTES.md']);
      git([
        '-c',
        'user.name=Bob',
        '-c',
        'user.email=bob@example.com',
        'commit',
        '-qm',
        'notes',
      ]);
      const withToken = remote().replace(
        'http://',
        `http://bob:${encodeURIComponent(await backend.token())}@`,
      );
      assert.throws(
        () => git(['push', withToken, 'HEAD:main']),
        /403|Only the owners of component:default\/risk-scoring/,
      );
      assert.equal(commitsOf(remote()), mainBefore);
    });

    it('may not create a project (not in mx.permissions.creators)', async () => {
      const run = await client.runTask('template:default/ml-project', {
        ...values,
        name: 'bobs-project',
      });
      assert.equal(run.task?.status, 'failed');
      assert.ok(
        logOf(run).includes(
          'Only members of group:default/ml-engineers (mx.permissions.creators) or mx.admins may create ML projects with ml-project; you are user:default/bob',
        ),
        logOf(run),
      );
      const repo = `${backend.baseUrl}/api/mx-git-host/repos/bobs-project.git`;
      assert.equal(commitsOf(repo), '');
    });
  });

  describe('signed in as user:default/grace (group:default/platform, mx.admins)', () => {
    before(async () => {
      await backend.stop();
      backend = undefined;
      await start('user:default/grace', ['group:default/platform']);
    });

    it('grows a project she does not own', async () => {
      const run = await client.runTask('template:default/sphinx-docs', {
        project,
      });
      assert.equal(run.task?.status, 'completed', logOf(run));
    });
  });
});
