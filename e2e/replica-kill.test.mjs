// A replica dies mid-task: two backend replicas on one real PostgreSQL (scaffolder task recovery
// on, as in app-config.production.yaml). A task publishes a repository (a `git push`) and then
// waits; the replica running it is killed with SIGKILL (its whole process group) right after the
// push step completed. The other replica re-claims the task once its heartbeat is stale, skips the
// completed steps and finishes it. Witnesses that no side effect ran twice: the stand-in git's
// recording (exactly one push, by the killed replica) and the git host (exactly one commit).
// Second case: the replica dies inside the push step, after `git push` but before the step
// recorded its checkpoint (the stand-in git pauses right after pushing). The survivor runs that
// step again, which finds the repository already has commits and fails the task cleanly, with a
// message saying so: still one push, one commit, nothing overwritten.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, freePort, startBackend } from './lib/backend.mjs';
import { startPostgres } from './lib/postgres.mjs';
import {
  pauseAfterNextPush,
  recordedLines,
  recordedPushes,
  replicaConfig,
  writeRecordingGit,
  writeReplicaTemplate,
} from './lib/replicaFixtures.mjs';

const sleep = ms => new Promise(r => setTimeout(r, ms));
const STALE_SECONDS = 5;

describe('a replica killed while its task has pushed but not finished', () => {
  let pg;
  let tmp;
  const replicas = {};
  let config;
  let gitRoot;

  before(async () => {
    pg = startPostgres(await freePort());
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-replica-kill-'));
    const recording = path.join(tmp, 'git-recording.txt');
    config = replicaConfig({
      pg,
      templateFile: await writeReplicaTemplate(path.join(tmp, 'template')),
      gitPath: await writeRecordingGit(tmp, recording),
      staleSeconds: STALE_SECONDS,
    });
    gitRoot = path.join(tmp, 'git');
    // One after the other: the first creates the databases, and the machine has two cores.
    replicas.a = await startBackend({ gitRoot, ...config, env: { MX_TEST_REPLICA: 'a' } });
    replicas.b = await startBackend({ gitRoot, ...config, env: { MX_TEST_REPLICA: 'b' } });
    replicas.recording = recording;
  });

  after(async () => {
    await fs.writeFile(path.join(tmp, 'release'), '').catch(() => {});
    await replicas.a?.stop();
    await replicas.b?.stop();
    pg?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('resumes on the other replica after the stale timeout, and pushes exactly once', async () => {
    const token = await replicas.a.token();
    const clientA = api(replicas.a.baseUrl, token);
    await clientA.waitForEntity('template:default/replica-test');
    const created = await clientA.post('/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/replica-test',
      values: { name: 'survives-a-kill', waitSeconds: 8 },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id;

    // Wait until the publish step has completed (its push is done and recorded).
    const events = async client => (await client.get(`/api/scaffolder/v2/tasks/${id}/events`)).json ?? [];
    const publishDone = evs =>
      evs.some(e => e.type === 'log' && e.body?.stepId === 'publish' && e.body?.status === 'completed');
    let deadline = Date.now() + 120_000;
    while (!publishDone(await events(clientA))) {
      if (Date.now() > deadline) throw new Error(`publish did not complete: ${JSON.stringify(await events(clientA))}`);
      await sleep(100);
    }
    const pushes = await recordedPushes(replicas.recording);
    assert.equal(pushes.length, 1, pushes.join('\n'));
    const runner = pushes[0].split(' ')[0];
    const survivor = runner === 'a' ? 'b' : 'a';
    assert.ok(['a', 'b'].includes(runner), `unknown replica in ${pushes[0]}`);

    // Crash the replica running the task, mid-wait.
    const killedAt = Date.now();
    await replicas[runner].kill();
    const client = api(replicas[survivor].baseUrl, token);
    const before = await client.get(`/api/scaffolder/v2/tasks/${id}`);
    assert.equal(before.json.status, 'processing', 'the task was still running when its replica died');

    // The survivor re-claims it once the heartbeat is older than staleTimeout.
    let task;
    deadline = Date.now() + 120_000;
    for (;;) {
      task = (await client.get(`/api/scaffolder/v2/tasks/${id}`)).json;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
      if (Date.now() > deadline) throw new Error(`task not finished after the kill: ${JSON.stringify(task)}`);
      await sleep(250);
    }
    const evs = await events(client);
    const recovered = evs.find(e => e.type === 'recovered');
    assert.ok(recovered, 'a recovered event');
    const resumeMs = Date.parse(recovered.createdAt) - killedAt;
    const finishMs = Date.now() - killedAt;
    console.log(
      `replica ${runner} killed; replica ${survivor} re-claimed the task ${(resumeMs / 1000).toFixed(1)} s later ` +
        `(staleTimeout ${STALE_SECONDS} s, recovery loop every 10 s); task ${task.status} ${(finishMs / 1000).toFixed(1)} s after the kill`,
    );
    assert.equal(task.status, 'completed', JSON.stringify(evs.filter(e => e.type !== 'log').slice(-5)));
    assert.ok(
      evs.some(e => e.type === 'log' && /Skipping step publish because it was already completed/.test(e.body?.message)),
      'the survivor skipped the publish step',
    );

    // No side effect twice: still exactly one push, and the repository has exactly one commit.
    assert.deepEqual(await recordedPushes(replicas.recording), pushes);
    const remote = `${replicas[survivor].baseUrl}/api/mx-git-host/repos/survives-a-kill.git`;
    const clone = path.join(tmp, 'clone');
    execFileSync('git', ['clone', '--quiet', remote, clone]);
    assert.equal(execFileSync('git', ['-C', clone, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim(), '1');
  });
  it('fails cleanly on the other replica when the kill lands between the push and its checkpoint', async () => {
    // Bring the replica killed above back, so two are running again.
    for (const name of ['a', 'b']) {
      const alive = await fetch(`${replicas[name].baseUrl}/.backstage/health/v1/readiness`).then(r => r.ok, () => false);
      if (!alive) replicas[name] = await startBackend({ gitRoot, ...config, env: { MX_TEST_REPLICA: name } });
    }
    await pauseAfterNextPush(tmp);
    const token = await replicas.a.token();
    const created = await api(replicas.a.baseUrl, token).post('/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/replica-test',
      values: { name: 'killed-while-pushing', waitSeconds: 0 },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id;

    let deadline = Date.now() + 120_000;
    let paused;
    while (!(paused = (await recordedLines(replicas.recording)).find(l => l.endsWith(' paused-after-push')))) {
      if (Date.now() > deadline) throw new Error('the push did not happen');
      await sleep(100);
    }
    const runner = paused.split(' ')[0];
    const survivor = runner === 'a' ? 'b' : 'a';
    const killedAt = Date.now();
    await replicas[runner].kill();

    const client = api(replicas[survivor].baseUrl, token);
    let task;
    deadline = Date.now() + 120_000;
    for (;;) {
      task = (await client.get(`/api/scaffolder/v2/tasks/${id}`)).json;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
      if (Date.now() > deadline) throw new Error(`task not finished after the kill: ${JSON.stringify(task)}`);
      await sleep(250);
    }
    const evs = (await client.get(`/api/scaffolder/v2/tasks/${id}/events`)).json;
    console.log(`replica ${runner} killed after its push; task ${task.status} on replica ${survivor} ${((Date.now() - killedAt) / 1000).toFixed(1)} s later`);
    assert.equal(task.status, 'failed');
    assert.ok(evs.some(e => e.type === 'recovered'), 'the survivor re-claimed the task');
    // The re-run publish step says why, in the task log.
    const why = evs.map(e => e.body?.message ?? '').find(m => /already exists on the local git host/.test(m));
    assert.match(why ?? JSON.stringify(evs.slice(-6)), /and has commits; it was left untouched/);

    const pushes = (await recordedPushes(replicas.recording)).filter(l => l.includes('/killed-while-pushing.git'));
    assert.equal(pushes.length, 1, pushes.join('\n'));
    const clone = path.join(tmp, 'clone-2');
    execFileSync('git', ['clone', '--quiet', `${replicas[survivor].baseUrl}/api/mx-git-host/repos/killed-while-pushing.git`, clone]);
    assert.equal(execFileSync('git', ['-C', clone, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim(), '1');
  });
});
