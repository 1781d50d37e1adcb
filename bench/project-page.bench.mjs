// Measures the MX project tab in headless Chromium with 10,000 runs on the MLflow STAND-IN
// (packages/mlflow-standin; a real MLflow cannot be installed
// here): time from in-app navigation to the first rendered row of the runs table. Baseline in
// the same run: navigation to the same entity's Overview tab until its title renders (Backstage's
// own page, no MX call). Reports medians and their ratio.
// Usage (Node 22 on PATH, chromium installed): node bench/project-page.bench.mjs [rounds] [--cluster]
// --cluster: no annotation; the project's Terraform outputs are recorded in its state and the
// page reaches MLflow through the Kubernetes API server STAND-IN's service proxy (HTTPS), the
// path every created project takes.
// --no-answer-reuse: mx.mlflow.cacheTtlSeconds 0, so every round's MLflow reads reach MLflow
// (by default a round within 5 s of the previous one is answered from the gateway's reused
// answers, as when a user reopens the tab).
import path from 'node:path';
import { api, startBackend } from '../e2e/lib/backend.mjs';
import {
  annotateProject,
  ensureAppBuilt,
  recordTerraformOutputs,
  startKubernetesApiStandIn,
  launchBrowser,
  navigate,
  signInAsGuest,
  startMlflowStandIn,
} from '../e2e/lib/ui.mjs';

const ROUNDS = Number(process.argv[2] ?? 5);
const VIA_CLUSTER = process.argv.includes('--cluster');
const NO_REUSE = process.argv.includes('--no-answer-reuse');
const CLUSTER_TOKEN = 'bench-cluster-token';
const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

ensureAppBuilt();
const mlflow = await startMlflowStandIn(10_000);
const host = new URL(mlflow.url).host;
const cluster = VIA_CLUSTER
  ? await startKubernetesApiStandIn({
      mlflowUrl: mlflow.url,
      token: CLUSTER_TOKEN,
    })
  : undefined;
const backend = await startBackend({
  serveApp: true,
  extraConfig: cluster
    ? `  kubernetes:\n    allowedHosts: [${JSON.stringify(
        new URL(cluster.url).host,
      )}]\n    tokenCommand: [${JSON.stringify(
        process.execPath,
      )}, '-e', ${JSON.stringify(
        `console.log(${JSON.stringify(CLUSTER_TOKEN)})`,
      )}]\n${NO_REUSE ? '  mlflow:\n    cacheTtlSeconds: 0\n' : ''}`
    : `  mlflow:\n    allowedHosts: [${JSON.stringify(host)}]\n${
        NO_REUSE ? '    cacheTtlSeconds: 0\n' : ''
      }`,
});
let browser;
try {
  const token = await backend.token();
  const client = api(backend.baseUrl, token);
  await client.waitForEntity('template:default/ml-project');
  const name = 'bench-page';
  const run = await client.runTask('template:default/ml-project', {
    name,
    client: 'Bench',
    owner: 'group:default/ml-engineers',
    gcpProjectId: 'bench-page-01',
    region: 'europe-west4',
  });
  if (run.task?.status !== 'completed')
    throw new Error('project creation failed');
  if (cluster) {
    await recordTerraformOutputs({
      backend,
      token,
      name,
      outputs: {
        cluster_name: `${name}-gke`,
        cluster_location: 'europe-west4',
        cluster_endpoint: new URL(cluster.url).host,
        cluster_ca_certificate: cluster.ca,
      },
      workDir: path.join(backend.tmp, 'apply'),
    });
  } else {
    await annotateProject({
      backend,
      client,
      token,
      name,
      annotations: { 'mx.backstage.io/mlflow-tracking-uri': mlflow.url },
      workDir: path.join(backend.tmp, 'annotate'),
    });
  }

  browser = await launchBrowser();
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  await signInAsGuest(page, backend.baseUrl);

  const tab = [];
  const overview = [];
  for (let i = 0; i < ROUNDS; i++) {
    await navigate(page, '/create');
    await page.getByText('Templates').first().waitFor();
    let t0 = performance.now();
    await navigate(page, `/catalog/default/component/${name}`);
    await page.getByRole('heading', { name }).first().waitFor();
    overview.push(performance.now() - t0);

    await navigate(page, '/create');
    await page.getByText('Templates').first().waitFor();
    t0 = performance.now();
    await navigate(page, `/catalog/default/component/${name}/mx`);
    await page
      .getByRole('table', { name: 'Runs' })
      .locator('tbody tr')
      .first()
      .waitFor({ timeout: 120_000 });
    tab.push(performance.now() - t0);
  }
  console.log(
    JSON.stringify(
      {
        rounds: ROUNDS,
        mlflowPath: cluster
          ? 'cluster API service proxy (stand-in)'
          : 'annotation',
        mlflowRuns: 10_000,
        mlflowAnswerReuse: NO_REUSE ? 'off' : 'default (5 s)',
        firstRunsRowMedianMs: Math.round(median(tab)),
        firstRunsRowMs: tab.map(Math.round),
        baselineOverviewTitleMedianMs: Math.round(median(overview)),
        ratioFirstRowToOverview: +(median(tab) / median(overview)).toFixed(2),
      },
      null,
      2,
    ),
  );
} finally {
  await browser?.close();
  await backend.stop();
  mlflow.stop();
  cluster?.stop();
}
