// Production shape: two backend replicas on one real PostgreSQL share the catalog, the auth keys
// and the scaffolder's task queue. A task posted to one replica completes, and the other replica
// sees the task and the registered component.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, freePort, startBackend } from './lib/backend.mjs';
import { startPostgres } from './lib/postgres.mjs';

describe('two backend replicas on PostgreSQL', () => {
  let pg;
  let a;
  let b;
  let shared;

  before(async () => {
    pg = startPostgres(await freePort());
    shared = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-shared-git-'));
    const extraConfig = `  database:
    client: pg
    connection:
      host: ${pg.host}
      port: ${pg.port}
      user: ${pg.user}
`;
    a = await startBackend({ gitRoot: shared, extraBackendConfig: extraConfig });
    // Replica B sits behind the same public address as A, as replicas behind a load balancer do.
    b = await startBackend({ gitRoot: shared, extraBackendConfig: extraConfig, publicBaseUrl: a.baseUrl });
  });

  after(async () => {
    await a?.stop();
    await b?.stop();
    pg?.stop();
    if (shared) await fs.rm(shared, { recursive: true, force: true });
  });

  it('runs a task posted to one replica and shows its result on the other', async () => {
    const clientA = api(a.baseUrl, await a.token());
    // A token issued by replica A is accepted by replica B: the signing keys are in PostgreSQL.
    const clientB = api(b.baseUrl, await a.token());
    await clientA.waitForEntity('template:default/ml-project');
    const run = await clientA.runTask('template:default/ml-project', {
      name: 'replicated-project',
      client: 'Initech',
      owner: 'group:default/ml-engineers',
      gcpProjectId: 'initech-ml-01',
      region: 'us-central1',
    });
    assert.equal(run.task?.status, 'completed', JSON.stringify(run.created.json ?? run.task));

    const seenByB = await clientB.get(`/api/scaffolder/v2/tasks/${run.task.id}`);
    assert.equal(seenByB.status, 200);
    assert.equal(seenByB.json.status, 'completed');

    const entity = await clientB.waitForEntity('component:default/replicated-project');
    assert.equal(entity.spec.type, 'ml-project');

    const refs = execFileSync('git', ['ls-remote', `${b.baseUrl}/api/mx-git-host/repos/replicated-project.git`], {
      encoding: 'utf8',
    });
    assert.match(refs, /refs\/heads\/main/);
  });
});
