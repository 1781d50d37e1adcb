// End to end: upgrades reach every project. The real backend (embedded default) and the local git
// host; users edit their projects with plain git.
// (a) Re-running the ml-project template on an existing project with the form as the page opens
//     it (the recorded answers and the project) makes no commit and leaves the state as it was.
// (b) A platform team publishes ml-project 1.1.0 (versioning on the artifacts bucket) from its own
//     repository. The catalog-wide upgrades view lists the four projects that recorded 1.0.0 and
//     upgrades them in one go (POST /api/mx-project/upgrades): one commit per project, each
//     user's edits kept; the project whose user changed the same lines gets its conflict reported
//     by file name with that file untouched; the project whose task fails (a folder where the
//     skeleton has a file) keeps its repository as it was while the others land.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { api, startBackend } from './lib/backend.mjs';
import { gitAs } from './lib/git.mjs';
import { registerGeneratorRepository } from './lib/generators.mjs';
import {
  ARTIFACTS_END,
  LIFECYCLE,
  STORAGE,
  VERSIONING,
  mlProjectNextVersion,
} from './lib/upgrades.mjs';

const PROJECTS = ['upgrade-alpha', 'upgrade-beta', 'upgrade-gamma', 'upgrade-delta'];
const CONFLICTING = 'upgrade-gamma';
const FAILING = 'upgrade-delta';
const refOf = name => `component:default/${name}`;

const logOf = result =>
  JSON.stringify(result.created?.json ?? '') +
  (result.events ?? [])
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');

describe('upgrades reach every project', () => {
  let backend;
  let client;
  let git;
  const remote = name => `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`;
  const head = name => git(['ls-remote', remote(name), 'refs/heads/main']).split('\t')[0];
  const clone = name => path.join(backend.tmp, `clone-${name}`);
  const pushed = {};

  before(async () => {
    backend = await startBackend();
    const token = await backend.token();
    client = api(backend.baseUrl, token);
    git = gitAs(token, { name: 'Ada', email: 'ada@example.com' });
    await client.waitForEntity('template:default/ml-project');
    for (const name of PROJECTS) {
      const created = await client.runTask('template:default/ml-project', {
        name,
        client: 'Acme Bank',
        owner: 'group:default/ml-engineers',
        engineers: ['user:default/ada'],
        gcpProjectId: 'acme-upgrade-42',
        region: 'europe-west4',
        description: `Upgrade demo ${name}`,
      });
      assert.equal(created.task?.status, 'completed', logOf(created));
      await client.waitForEntity(refOf(name));
      git(['clone', '--quiet', remote(name), clone(name)]);
    }
  });

  after(async () => {
    await backend?.stop();
  });

  it('(a) re-running ml-project with the form as the page opens it makes no commit and keeps the state', async () => {
    const name = PROJECTS[0];
    const stateFile = path.join(clone(name), '.mx/state.yaml');
    const stateBefore = await fs.readFile(stateFile, 'utf8');
    // What the page's Re-run link carries: the recorded project answers the template asks for
    // (its mx.backstage.io/project-answers), the generator's own recorded values, the project.
    const generators = (await client.get('/api/mx-project/generators')).json.generators;
    const info = generators.find(g => g.id === 'ml-project');
    assert.deepEqual(info.projectAnswers, [
      'name',
      'client',
      'description',
      'owner',
      'engineers',
      'gcpProjectId',
      'region',
    ]);
    const state = YAML.parse(stateBefore);
    const formData = {
      ...Object.fromEntries(info.projectAnswers.filter(k => k in state.project).map(k => [k, state.project[k]])),
      ...state.generators['ml-project'].values,
      project: refOf(name),
    };
    const before = head(name);
    const rerun = await client.runTask('template:default/ml-project', formData);
    assert.equal(rerun.task?.status, 'completed', logOf(rerun));
    assert.equal(head(name), before, 'no commit');
    const output = rerun.events.find(e => e.type === 'completion').body.output;
    assert.equal(output.changed, false);
    assert.deepEqual(output.conflicts, []);
    assert.match(logOf(rerun), /Nothing to commit/);
    git(['pull', '--quiet', '--ff-only'], clone(name));
    assert.equal(await fs.readFile(stateFile, 'utf8'), stateBefore, 'state unchanged');
    // It never created a second repository or catalog entity.
    const repos = await fs.readdir(backend.gitRoot);
    assert.equal(repos.filter(r => r.startsWith(name)).length, 1, repos.join(', '));
  });

  it('(b) bulk upgrade to a new template version: one commit per project, edits kept, the conflict reported, the failure leaves its repository untouched', async () => {
    // Each user edits their project: a managed file (storage.tf, away from what 1.1.0 changes)
    // and a seeded one (README.md). The conflicting user also adds a lifecycle rule exactly where
    // 1.1.0 adds versioning; the failing user turned a managed file into a folder.
    for (const name of PROJECTS) {
      const dir = clone(name);
      const file = path.join(dir, STORAGE);
      let storage = await fs.readFile(file, 'utf8');
      storage = storage.replace(
        'resource "google_storage_bucket" "data" {\n',
        `resource "google_storage_bucket" "data" {\n  # training data of the ${name} team\n`,
      );
      if (name === CONFLICTING) storage = storage.replace(ARTIFACTS_END, ARTIFACTS_END + LIFECYCLE);
      await fs.writeFile(file, storage);
      await fs.appendFile(path.join(dir, 'README.md'), `\n## Notes of the ${name} team\n`);
      if (name === FAILING) {
        const json = path.join(dir, 'mlflow/kubernetes_config.json');
        await fs.rm(json);
        await fs.mkdir(json);
        await fs.writeFile(path.join(json, 'README.md'), 'our configs live here now\n');
      }
      git(['add', '--all'], dir);
      git(['commit', '--quiet', '-m', 'Our own changes'], dir);
      git(['push', '--quiet', 'origin', 'HEAD:main'], dir);
      pushed[name] = { head: head(name), storage };
    }

    // The platform team releases ml-project 1.1.0 from its own repository.
    const repo = 'platform-ml-project';
    const next = await mlProjectNextVersion(`${backend.baseUrl}/api/mx-git-host/repos/${repo}/tree/main/skeleton`);
    await registerGeneratorRepository({ backend, client, repo, ...next });
    await client.waitForEntity('template:default/ml-project-next');

    const listed = await client.get('/api/mx-project/upgrades');
    assert.equal(listed.status, 200, listed.text);
    const mlProject = listed.json.generators.find(g => g.generator.id === 'ml-project');
    assert.ok(mlProject, JSON.stringify(listed.json));
    assert.equal(mlProject.generator.version, '1.1.0');
    assert.equal(mlProject.generator.templateRef, 'template:default/ml-project-next');
    assert.deepEqual(
      mlProject.projects.map(p => [p.entityRef, p.recordedVersion, p.changes.map(c => c.version)]),
      PROJECTS.slice()
        .sort()
        .map(n => [refOf(n), '1.0.0', ['1.1.0']]),
    );

    const started = await client.post('/api/mx-project/upgrades', {
      generator: 'ml-project',
      projects: PROJECTS.map(refOf),
    });
    assert.equal(started.status, 202, started.text);
    assert.deepEqual(started.json.refused, []);
    assert.equal(started.json.tasks.length, PROJECTS.length);

    const ids = started.json.tasks.map(t => t.taskId).join(',');
    const deadline = Date.now() + 300_000;
    let results;
    for (;;) {
      const r = await client.get(`/api/mx-project/upgrades/tasks?ids=${ids}`);
      assert.equal(r.status, 200, r.text);
      results = Object.fromEntries(r.json.results.map(x => [x.entityRef, x]));
      if (r.json.results.every(x => x.status !== 'running')) break;
      assert.ok(Date.now() < deadline, `upgrades still running: ${r.text}`);
      await new Promise(res => setTimeout(res, 1000));
    }

    const taskLog = async result =>
      (await client.get(`/api/scaffolder/v2/tasks/${result.taskId}/events`)).json
        .filter(e => e.type === 'log')
        .map(e => e.body.message)
        .join('\n');
    for (const name of PROJECTS) {
      const result = results[refOf(name)];
      const dir = clone(name);
      if (name === FAILING) {
        assert.equal(result.status, 'failed', JSON.stringify(result));
        assert.match(result.error, /mlflow\/kubernetes_config\.json' is a folder in the repository/);
        assert.equal(head(name), pushed[name].head, `${name}: nothing pushed`);
        continue;
      }
      assert.equal(result.status, 'upgraded', JSON.stringify(result));
      if (name !== CONFLICTING && result.conflicts.length === 0) {
        const log = await taskLog(result);
        assert.match(log, /storage\.tf/, log);
      }
      git(['pull', '--quiet', '--ff-only'], dir);
      assert.equal(
        git(['rev-list', '--count', `${pushed[name].head}..HEAD`], dir).trim(),
        '1',
        `${name}: exactly one commit`,
      );
      assert.equal(result.commitHash, head(name));
      const storage = await fs.readFile(path.join(dir, STORAGE), 'utf8');
      assert.match(storage, new RegExp(`# training data of the ${name} team`), `${name}: the edit kept`);
      assert.match(
        await fs.readFile(path.join(dir, 'README.md'), 'utf8'),
        new RegExp(`## Notes of the ${name} team`),
        `${name}: the seeded file left alone`,
      );
      const state = YAML.parse(await fs.readFile(path.join(dir, '.mx/state.yaml'), 'utf8'));
      assert.equal(state.generators['ml-project'].version, '1.1.0');
      const body = git(['log', '-1', '--format=%B'], dir);
      assert.match(body, /^Upgrade the upgrade-\w+ skeleton to ml-project 1\.1\.0/);
      if (name === CONFLICTING) {
        assert.deepEqual(result.conflicts, [STORAGE]);
        assert.equal(storage, pushed[name].storage, 'the conflicting file is exactly as the user left it');
        assert.match(body, /conflict/i);
      } else {
        assert.deepEqual(result.conflicts, []);
        assert.ok(storage.includes(ARTIFACTS_END + VERSIONING), `${name}: the new version's change merged`);
      }
    }

    // Once upgraded, a project is no longer listed; the failed one still is.
    const after = await client.get('/api/mx-project/upgrades');
    const still = after.json.generators.find(g => g.generator.id === 'ml-project');
    assert.deepEqual(
      still?.projects.map(p => p.entityRef),
      [refOf(FAILING)],
    );
  });
});
