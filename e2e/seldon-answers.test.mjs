// End to end: Seldon serving keeps its recorded answers like the other grow generators. The real
// backend (embedded default) creates a project, adds deployment infrastructure and serves a model
// with 3 replicas; a re-run over the API with only the project keeps every answer (no commit),
// and a re-run with one changed answer commits exactly that change, named in the commit body.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { api, startBackend } from './lib/backend.mjs';

const NAME = 'serving-answers';
const PROJECT_REF = `component:default/${NAME}`;
const ANSWERS = {
  modelName: 'fraud-scorer',
  registeredModel: 'FraudScorer',
  modelVersion: '@champion',
  replicas: 3,
  cpu: '2',
  memory: '4Gi',
};

const git = (args, cwd) => execFileSync('git', args, { cwd, encoding: 'utf8' });

const logOf = result =>
  JSON.stringify(result.created?.json ?? '') +
  (result.events ?? [])
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');

describe('seldon-serving keeps the recorded answers', () => {
  let backend;
  let client;
  let remote;
  let work;

  const head = () => git(['ls-remote', remote, 'refs/heads/main']).split('\t')[0];
  const valuesAtHead = async () => {
    git(['pull', '--quiet', '--ff-only'], work);
    const state = YAML.parse(await fs.readFile(path.join(work, '.mx/state.yaml'), 'utf8'));
    return state.generators['seldon-serving'].values;
  };
  const run = async (template, values) => {
    const result = await client.runTask(`template:default/${template}`, {
      project: PROJECT_REF,
      ...values,
    });
    assert.equal(result.task?.status, 'completed', logOf(result));
    return result;
  };

  before(async () => {
    backend = await startBackend();
    client = api(backend.baseUrl, await backend.token());
    await client.waitForEntity('template:default/seldon-serving');
    const created = await client.runTask('template:default/ml-project', {
      name: NAME,
      client: 'Acme Bank',
      owner: 'group:default/ml-engineers',
      engineers: ['user:default/ada'],
      gcpProjectId: 'acme-serving-42',
      region: 'europe-west4',
    });
    assert.equal(created.task?.status, 'completed', logOf(created));
    await client.waitForEntity(PROJECT_REF);
    await run('deployment-infrastructure', { baseDomain: 'labs.example.com', dnsZone: 'labs-example-com' });
    await run('seldon-serving', ANSWERS);
    remote = `${backend.baseUrl}/api/mx-git-host/repos/${NAME}.git`;
    work = path.join(backend.tmp, 'work');
    git(['clone', '--quiet', remote, work]);
  });

  after(async () => {
    await backend?.stop();
  });

  it('records the answers of the first run', async () => {
    assert.deepEqual(await valuesAtHead(), ANSWERS);
  });

  it('API re-run with only the project keeps every answer and makes no commit', async () => {
    const before = head();
    const result = await run('seldon-serving', {});
    assert.equal(head(), before, 'no new commit on main');
    assert.match(logOf(result), /no recorded answer changed/);
    assert.deepEqual(await valuesAtHead(), ANSWERS);
  });

  it('re-run with one changed answer commits exactly that change, named in the commit body', async () => {
    const before = head();
    await run('seldon-serving', { replicas: 5 });
    assert.notEqual(head(), before, 'a new commit on main');
    assert.deepEqual(await valuesAtHead(), { ...ANSWERS, replicas: 5 });
    const body = git(['log', '-1', '--format=%B'], work);
    assert.match(body, /^Serve model fraud-scorer \(FraudScorer @champion\) with Seldon Core/);
    assert.match(body, /\(5 replica\(s\), 2 CPU, 4Gi\)/);
    const changed = body.split('\n').filter(l => /^- \w+: .* → /.test(l));
    assert.deepEqual(changed, ['- replicas: 3 → 5']);
  });
});
