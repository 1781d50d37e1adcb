// Tasks per minute with one backend replica vs two, in the same run, on one real PostgreSQL.
// Workload: N tasks of the replica test template (fetch:plain, mx:repo:publish — a real `git push`
// to the local git host — then debug:wait WAIT seconds, standing in for a step that waits on a remote
// tool such as terraform or devspace). Phase 1: replica A alone runs N tasks posted at once.
// Phase 2: replica B joins and N more are posted round-robin to A and B, as a load balancer spreads
// requests. Prints both rates and their ratio, and how many tasks each replica ran (from the
// stand-in git's recording). A measurement, not a test: nothing is asserted about time.
// Why round-robin: in Backstage's scaffolder (4.3) an idle replica's task worker wakes only when a
// task is dispatched to that same replica (or when it recovers a stale task), so tasks all posted to
// one replica all run there (measured: 20 of 20 on A, ratio 0.99). POST_TO=a reproduces that.
// Usage: node bench/replicas-throughput.bench.mjs   (Node 22 on PATH: source scripts/env.sh)
//        TASKS=20 WAIT=2 CONCURRENCY=10 node bench/replicas-throughput.bench.mjs
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, freePort, startBackend } from '../e2e/lib/backend.mjs';
import { startPostgres } from '../e2e/lib/postgres.mjs';
import {
  recordedPushes,
  replicaConfig,
  writeRecordingGit,
  writeReplicaTemplate,
} from '../e2e/lib/replicaFixtures.mjs';

const TASKS = Number(process.env.TASKS ?? 20);
const WAIT = Number(process.env.WAIT ?? 2);
// The scaffolder's per-replica worker limit (Backstage's default is 10).
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const sleep = ms => new Promise(r => setTimeout(r, ms));

const pg = startPostgres(await freePort());
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-replica-bench-'));
const recording = path.join(tmp, 'git-recording.txt');
const config = replicaConfig({
  pg,
  templateFile: await writeReplicaTemplate(path.join(tmp, 'template')),
  gitPath: await writeRecordingGit(tmp, recording),
  concurrentTasksLimit: CONCURRENCY,
});
const gitRoot = path.join(tmp, 'git');

const POST_TO = process.env.POST_TO ?? 'round-robin';

async function runBatch(clients, label) {
  const started = performance.now();
  const ids = [];
  const client = clients[0];
  for (let i = 0; i < TASKS; i++) {
    const r = await clients[i % clients.length].post('/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/replica-test',
      values: { name: `${label}-${i}`, waitSeconds: WAIT },
    });
    if (r.status !== 201) throw new Error(`task not created: ${r.status} ${r.text}`);
    ids.push(r.json.id);
  }
  const pending = new Set(ids);
  while (pending.size) {
    for (const id of [...pending]) {
      const t = (await client.get(`/api/scaffolder/v2/tasks/${id}`)).json;
      if (t.status === 'completed') pending.delete(id);
      else if (['failed', 'cancelled'].includes(t.status)) throw new Error(`task ${id} ${t.status}`);
    }
    await sleep(200);
  }
  const minutes = (performance.now() - started) / 60_000;
  const pushes = (await recordedPushes(recording)).filter(l => l.includes(`/repos/${label}-`));
  const byReplica = {};
  for (const l of pushes) byReplica[l.split(' ')[0]] = (byReplica[l.split(' ')[0]] ?? 0) + 1;
  return { perMinute: TASKS / minutes, seconds: minutes * 60, byReplica };
}

let a;
let b;
try {
  a = await startBackend({ gitRoot, ...config, env: { MX_TEST_REPLICA: 'a' } });
  const client = api(a.baseUrl, await a.token());
  await client.waitForEntity('template:default/replica-test');
  // Warm-up (first task compiles/loads lazily), not counted.
  const warm = await client.runTask('template:default/replica-test', { name: 'warm-up', waitSeconds: 0 });
  if (warm.task?.status !== 'completed') throw new Error(`warm-up failed: ${JSON.stringify(warm.task)}`);

  const one = await runBatch([client], 'one');
  b = await startBackend({ gitRoot, ...config, env: { MX_TEST_REPLICA: 'b' } });
  const clientB = api(b.baseUrl, await a.token());
  const two = await runBatch(POST_TO === 'a' ? [client] : [client, clientB], 'two');

  console.log(`workload: ${TASKS} tasks posted at once (fetch:plain, mx:repo:publish = git push, debug:wait ${WAIT} s); concurrentTasksLimit ${CONCURRENCY} per replica; phase 2 posted ${POST_TO === 'a' ? 'all to A' : 'round-robin to A and B'}; ${os.cpus().length} CPU cores`);
  console.log(`one replica : ${one.perMinute.toFixed(1)} tasks/min (${one.seconds.toFixed(1)} s) ran by ${JSON.stringify(one.byReplica)}`);
  console.log(`two replicas: ${two.perMinute.toFixed(1)} tasks/min (${two.seconds.toFixed(1)} s) ran by ${JSON.stringify(two.byReplica)}`);
  console.log(`ratio two/one: ${(two.perMinute / one.perMinute).toFixed(2)}`);
} finally {
  await b?.stop();
  await a?.stop();
  pg.stop();
  await fs.rm(tmp, { recursive: true, force: true });
}
