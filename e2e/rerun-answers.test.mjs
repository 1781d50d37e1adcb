// End to end: a generator's answers are kept. The real backend (embedded default) creates a
// project, applies distributed training with 8 workers x 4 A100, then re-runs it through the
// scaffolder API: with only the project (recorded answers kept, no commit), and with one changed
// answer (exactly that change, named in the commit body). Also: a generator registered at runtime
// from its own location appears in the project page's data (GET /api/mx-project/generators).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { api, startBackend } from './lib/backend.mjs';
import {
  generatorTemplate,
  registerGeneratorRepository,
} from './lib/generators.mjs';

const NAME = 'answers-demo';
const PROJECT_REF = `component:default/${NAME}`;
const RECORDED = { workers: 8, gpusPerWorker: 4, gpuType: 'nvidia-tesla-a100' };

const git = (args, cwd) => execFileSync('git', args, { cwd, encoding: 'utf8' });

function failureLog(result) {
  return (
    JSON.stringify(result.created?.json ?? '') +
    (result.events ?? [])
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n')
  );
}

describe('re-runs keep the recorded answers', () => {
  let backend;
  let client;
  let remote;
  let work;

  const head = () =>
    git(['ls-remote', remote, 'refs/heads/main']).split('\t')[0];
  const stateAtHead = async () => {
    git(['pull', '--quiet', '--ff-only'], work);
    return YAML.parse(
      await fs.readFile(path.join(work, '.mx/state.yaml'), 'utf8'),
    );
  };
  const rerun = async values => {
    const result = await client.runTask(
      'template:default/distributed-training',
      {
        project: PROJECT_REF,
        ...values,
      },
    );
    assert.equal(result.task?.status, 'completed', failureLog(result));
    return result;
  };

  before(async () => {
    backend = await startBackend();
    client = api(backend.baseUrl, await backend.token());
    await client.waitForEntity('template:default/ml-project');
    await client.waitForEntity('template:default/distributed-training');
    const created = await client.runTask('template:default/ml-project', {
      name: NAME,
      client: 'Acme Bank',
      owner: 'group:default/ml-engineers',
      engineers: ['user:default/ada'],
      gcpProjectId: 'acme-answers-42',
      region: 'europe-west4',
      description: 'Re-run answers',
    });
    assert.equal(created.task?.status, 'completed', failureLog(created));
    await client.waitForEntity(PROJECT_REF);
    await rerun(RECORDED);
    remote = `${backend.baseUrl}/api/mx-git-host/repos/${NAME}.git`;
    work = path.join(backend.tmp, 'work');
    git(['clone', '--quiet', remote, work]);
  });

  after(async () => {
    await backend?.stop();
  });

  it('records the generator answers of the first run', async () => {
    const state = await stateAtHead();
    assert.deepEqual(state.generators['distributed-training'].values, RECORDED);
  });

  it('API re-run with only the project keeps the recorded answers and makes no commit', async () => {
    const before = head();
    const result = await rerun({});
    assert.equal(head(), before, 'no new commit on main');
    const log = failureLog(result);
    assert.match(log, /kept the recorded workers, gpusPerWorker, gpuType/);
    assert.match(log, /no recorded answer changed/);
    const state = await stateAtHead();
    assert.deepEqual(state.generators['distributed-training'].values, RECORDED);
  });

  it('re-run with one changed answer commits exactly that change, named in the commit body', async () => {
    const before = head();
    await rerun({ workers: 2 });
    const after = head();
    assert.notEqual(after, before, 'a new commit on main');
    const state = await stateAtHead();
    assert.deepEqual(state.generators['distributed-training'].values, {
      ...RECORDED,
      workers: 2,
    });
    const body = git(['log', '-1', '--format=%B'], work);
    assert.match(
      body,
      /^Update distributed training \(2 workers x 4 nvidia-tesla-a100\)/,
    );
    const changed = body.split('\n').filter(l => /^- \w+: .* → /.test(l));
    assert.deepEqual(changed, ['- workers: 8 → 2']);
    // Only the worker count moved in the rendered job: no GPU type or count line changed.
    const diff = git(
      [
        'diff',
        `${before}..${after}`,
        '--unified=0',
        '--',
        'mlflow',
        'infrastructure',
      ],
      work,
    );
    const touched = diff.split('\n').filter(l => /^[-+][^-+]/.test(l));
    assert.ok(touched.length > 0, 'the rendered files changed');
    assert.ok(
      touched.every(l => !/a100|nvidia|gpu/i.test(l)),
      `only worker lines changed:\n${touched.join('\n')}`,
    );
  });

  it("a destructive change is called out in the commit body, with the reason from the template's annotation", async () => {
    // distributed-training marks gpusPerWorker in mx.backstage.io/destructive-answers; the
    // template passes that annotation to mx:answers:resolve through templateInfo.
    const before = head();
    const result = await rerun({ gpusPerWorker: 2 });
    assert.notEqual(head(), before, 'a new commit on main');
    const state = await stateAtHead(); // pulls the new commit
    assert.equal(
      state.generators['distributed-training'].values.gpusPerWorker,
      2,
    );
    const body = git(['log', '-1', '--format=%B'], work);
    assert.match(
      body,
      /Destroys data — review before applying:\n- gpusPerWorker: 4 → 2 \(the distributed GPU node pool is replaced, or removed at 0\)/,
    );
    assert.match(failureLog(result), /Destructive change: gpusPerWorker: 4 → 2/);
  });

  it('a generator registered from its own location appears in the page data', async () => {
    // A platform team keeps its generator in its own repository (here on the local git host).
    await registerGeneratorRepository({
      backend,
      client,
      repo: 'venture-generators',
      template: generatorTemplate({
        name: 'venture-feature-store',
        title: 'Feature store (venture team)',
        version: '0.3.0',
        requires: 'deployment-infrastructure',
        changelog: '0.3.0: Online store on Memorystore',
      }),
    });
    await client.waitForEntity('template:default/venture-feature-store');
    const listed = await client.get('/api/mx-project/generators');
    assert.equal(listed.status, 200, listed.text);
    const byId = Object.fromEntries(listed.json.generators.map(g => [g.id, g]));
    assert.deepEqual(
      {
        title: byId['venture-feature-store']?.title,
        version: byId['venture-feature-store']?.version,
        kind: byId['venture-feature-store']?.kind,
        requires: byId['venture-feature-store']?.requires,
      },
      {
        title: 'Feature store (venture team)',
        version: '0.3.0',
        kind: 'capability',
        requires: ['deployment-infrastructure'],
      },
    );
    // The shipped generators come the same way: from the catalog, not from a list in code.
    assert.equal(byId['distributed-training']?.version, '1.0.0');
    assert.equal(byId.deploy?.kind, 'operation');
  });
});
