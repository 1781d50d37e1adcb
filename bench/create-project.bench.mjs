// Measures the create path on the real backend (embedded default): backend start-up time and
// memory, then 5 `ml-project` tasks (render + state + publish to the local git host + catalog
// registration). Baseline in the same run: the scaffolder's dry-run of the same template
// (render only), so the ratio shows what publishing and registering add.
// Usage: ./mx node bench/create-project.bench.mjs   (or node bench/... with Node 22 on PATH)
import { api, startBackend } from '../e2e/lib/backend.mjs';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../e2e/lib/backend.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const t0 = performance.now();
const backend = await startBackend();
const startupMs = performance.now() - t0;
try {
  const client = api(backend.baseUrl, await backend.token());
  await client.waitForEntity('template:default/ml-project');
  const rssAfterStart = await backend.rssMb();

  const template = YAML.parse(
    await fs.readFile(path.join(repoRoot, 'templates/ml-project/template.yaml'), 'utf8'),
  );
  const skeletonDir = path.join(repoRoot, 'templates/ml-project/skeleton');
  const directoryContents = [];
  for (const entry of await fs.readdir(skeletonDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    directoryContents.push({
      path: path.join('skeleton', path.relative(skeletonDir, abs)),
      base64Content: (await fs.readFile(abs)).toString('base64'),
    });
  }

  const values = i => ({
    name: `bench-project-${i}`,
    client: 'Bench Client',
    owner: 'group:default/ml-engineers',
    gcpProjectId: `bench-proj-${i}x`,
    region: 'europe-west4',
  });

  const task = [];
  const dry = [];
  for (let i = 0; i < RUNS; i++) {
    let s = performance.now();
    const r = await client.post('/api/scaffolder/v2/dry-run', {
      template,
      values: values(100 + i),
      directoryContents,
    });
    if (r.status !== 200) throw new Error(`dry-run failed: ${r.status} ${r.text.slice(0, 500)}`);
    dry.push(performance.now() - s);

    s = performance.now();
    const t = await client.runTask('template:default/ml-project', values(i));
    if (t.task?.status !== 'completed') throw new Error(`task failed: ${JSON.stringify(t.created.json ?? t.task)}`);
    task.push(performance.now() - s);
  }
  const rssAfterTasks = await backend.rssMb();
  const result = {
    runs: RUNS,
    backendStartupSeconds: +(startupMs / 1000).toFixed(1),
    backendRssMbAfterStart: rssAfterStart,
    backendRssMbAfterTasks: rssAfterTasks,
    mlProjectTaskMedianMs: Math.round(median(task)),
    mlProjectTaskMs: task.map(Math.round),
    baselineDryRunMedianMs: Math.round(median(dry)),
    ratioTaskToDryRun: +(median(task) / median(dry)).toFixed(2),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await backend.stop();
}
