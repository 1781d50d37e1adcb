// End to end: the project's people come from the catalog. The real backend (embedded default,
// examples/org.yaml) refuses an ML project whose owner is not a catalog group, or whose engineer
// has no profile email, with a message naming the value and the fix, and publishes nothing. Then
// deployment infrastructure lets in exactly the owners and engineers through Identity-Aware Proxy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { api, startBackend } from './lib/backend.mjs';

const git = (args, cwd) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' });

const project = name => ({
  name,
  client: 'Acme Bank',
  owner: 'group:default/ml-engineers',
  engineers: ['user:default/ada'],
  gcpProjectId: 'acme-people-42',
  region: 'europe-west4',
});

const logOf = result =>
  JSON.stringify(result.created?.json ?? '') +
  (result.events ?? [])
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');

describe('the owner and engineers are catalog entities', () => {
  let backend;
  let client;

  before(async () => {
    backend = await startBackend();
    client = api(backend.baseUrl, await backend.token());
    await client.waitForEntity('template:default/ml-project');
    await client.waitForEntity('template:default/deployment-infrastructure');
    await client.waitForEntity('user:default/ada');
  });

  after(async () => {
    await backend?.stop();
  });

  /** Nothing of `name` was published (no repository on the git host) or registered. */
  const assertNothingPublished = async (result, name) => {
    // The first step fails (the people are checked before anything is rendered or written)
    const failedSteps = (result.events ?? [])
      .filter(e => e.body?.status === 'failed')
      .map(e => e.body.stepId);
    assert.deepEqual(failedSteps, ['engineers']);
    assert.throws(
      () => git(['ls-remote', `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`]),
      /not found|404|does not exist|repository/i,
    );
    const entity = await client.get(`/api/catalog/entities/by-name/component/default/${name}`);
    assert.equal(entity.status, 404);
  };

  it('refuses an owner group the catalog does not have, and publishes nothing', async () => {
    const result = await client.runTask('template:default/ml-project', {
      ...project('people-unknown-owner'),
      owner: 'group:default/team-x',
    });
    assert.equal(result.task?.status, 'failed', logOf(result));
    assert.match(
      logOf(result),
      /owner group:default\/team-x is not in the catalog — pick an existing group or register it/,
    );
    await assertNothingPublished(result, 'people-unknown-owner');
  });

  it('refuses an engineer without spec.profile.email, and publishes nothing', async () => {
    // examples/org.yaml: the guest user has a display name and no email
    const result = await client.runTask('template:default/ml-project', {
      ...project('people-no-email'),
      engineers: ['user:default/ada', 'user:default/guest'],
    });
    assert.equal(result.task?.status, 'failed', logOf(result));
    assert.match(
      logOf(result),
      /engineer user:default\/guest has no spec\.profile\.email — add it to the user entity/,
    );
    await assertNothingPublished(result, 'people-no-email');
  });

  it("lets the owner group's members and the engineers sign in to the project's endpoints (IAP)", async () => {
    const name = 'people-iap';
    const created = await client.runTask('template:default/ml-project', project(name));
    assert.equal(created.task?.status, 'completed', logOf(created));
    await client.waitForEntity(`component:default/${name}`);

    const grown = await client.runTask('template:default/deployment-infrastructure', {
      project: `component:default/${name}`,
      baseDomain: 'labs.example.com',
      dnsZone: 'labs-example-com',
      extraIapMembers: ['user:reviewer@client.example.com'],
    });
    assert.equal(grown.task?.status, 'completed', logOf(grown));

    const work = path.join(backend.tmp, 'people-iap');
    git(['clone', '--quiet', `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`, work]);
    // group:default/ml-engineers has no email: its members with one (ada; the guest has none)
    // sign in as users; ada is also the engineer; the reviewer is the extra answer.
    const expected = ['user:ada@example.com', 'user:reviewer@client.example.com'];
    const state = YAML.parse(await fs.readFile(path.join(work, '.mx/state.yaml'), 'utf8'));
    assert.deepEqual(state.generators['deployment-infrastructure'].values.iapMembers, expected);
    const iapTf = await fs.readFile(path.join(work, 'infrastructure/terraform/iap.tf'), 'utf8');
    const local = /iap_members = \[([^\]]*)\]/.exec(iapTf)?.[1] ?? '';
    assert.deepEqual([...local.matchAll(/"([^"]+)"/g)].map(m => m[1]), expected);
    assert.match(iapTf, /role\s+= "roles\/iap\.httpsResourceAccessor"/);
    const body = git(['log', '-1', '--format=%B'], work);
    assert.match(body, /Who may sign in \(Identity-Aware Proxy\):\n- added user:ada@example\.com\n- added user:reviewer@client\.example\.com/);
  });
});
