// End to end: the embedded default keeps what it made. A project created through the scaffolder
// is still in the catalog after a restart (SQLite files, not memory); with the database lost, the
// local git host registers its repositories again at start-up; and a person pushes to their
// project with plain git, a Backstage token as the HTTP basic auth password.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, startBackend } from './lib/backend.mjs';

const values = {
  name: 'churn-model',
  client: 'Initech',
  owner: 'group:default/ml-engineers',
  engineers: ['user:default/ada'],
  gcpProjectId: 'initech-churn-1',
  region: 'europe-west4',
  description: 'Predict customer churn',
};
const entityRef = 'component:default/churn-model';
const git = (args, cwd, env) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env },
  });

describe('the embedded default keeps its projects', () => {
  let data;
  let backend;

  before(async () => {
    data = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-e2e-restart-'));
    backend = await startBackend({
      gitRoot: path.join(data, 'git'),
      databaseDir: path.join(data, 'db'),
    });
    const client = api(backend.baseUrl, await backend.token());
    await client.waitForEntity('template:default/ml-project');
    const created = await client.runTask('template:default/ml-project', values);
    assert.equal(
      created.task?.status,
      'completed',
      JSON.stringify(created.events?.slice(-3)),
    );
    await client.waitForEntity(entityRef);
    await backend.stop();
    backend = undefined;
  });

  after(async () => {
    await backend?.stop();
    await fs.rm(data, { recursive: true, force: true });
  });

  it('still lists the project after a restart', async () => {
    backend = await startBackend({
      gitRoot: path.join(data, 'git'),
      databaseDir: path.join(data, 'db'),
    });
    const client = api(backend.baseUrl, await backend.token());
    const entity = await client.waitForEntity(entityRef, 30_000);
    assert.equal(entity.spec.type, 'ml-project');
    await backend.stop();
    backend = undefined;
  });

  it('registers the git host repositories again when the database is lost', async () => {
    backend = await startBackend({
      gitRoot: path.join(data, 'git'),
      databaseDir: path.join(data, 'db-new'),
    });
    const client = api(backend.baseUrl, await backend.token());
    const entity = await client.waitForEntity(entityRef, 60_000);
    assert.equal(entity.metadata.name, 'churn-model');
    const locations = await client.get('/api/catalog/locations');
    const targets = locations.json.map(l => l.data?.target ?? l.target);
    assert.equal(
      targets.filter(t => t.includes('/repos/churn-model/')).length,
      1,
      targets.join('\n'),
    );
  });

  it('takes a push from plain git with the Backstage token as the password', async () => {
    const token = await backend.token();
    const remote = `${backend.baseUrl}/api/mx-git-host/repos/churn-model.git`;
    const clone = path.join(data, 'clone');
    git(['clone', '--quiet', remote, clone]);
    await fs.writeFile(path.join(clone, 'NOTES.md'), 'a note from the team\n');
    git(['add', 'NOTES.md'], clone);
    git(
      [
        '-c',
        'user.name=Ada',
        '-c',
        'user.email=ada@example.com',
        'commit',
        '-qm',
        'Add notes',
      ],
      clone,
    );
    assert.throws(
      () => git(['push', 'origin', 'HEAD:main'], clone),
      /Authentication failed|401|could not read Username/,
    );
    const withToken = remote.replace(
      'http://',
      `http://guest:${encodeURIComponent(token)}@`,
    );
    git(['push', '--quiet', withToken, 'HEAD:main'], clone);
    const heads = git(['ls-remote', remote, 'refs/heads/main']);
    assert.equal(
      heads.split('\t')[0],
      git(['rev-parse', 'HEAD'], clone).trim(),
    );
  });
});
