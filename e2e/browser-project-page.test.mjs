// Browser: the real app (built, served by the backend) in headless Chromium. A guest creates an
// ML project with the Create form, opens its page and sees the MX project tab: infrastructure
// and generators from .mx/state.yaml, MLflow runs and a plot from the MLflow stand-in
// (allowed by this test's config; Refresh from MLflow asks it again), endpoints. Screenshots go
// to $MX_SCREENSHOT_DIR if set.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { api, startBackend } from './lib/backend.mjs';
import {
  ensureAppBuilt,
  launchBrowser,
  navigate,
  signInAsGuest,
  recordTerraformOutputs,
  startKubernetesApiStandIn,
  startMlflowStandIn,
} from './lib/ui.mjs';

const shotDir = process.env.MX_SCREENSHOT_DIR;
const name = 'vision-qa';
// The token the stand-in cluster accepts; the backend prints it the way `gcloud auth
// print-access-token` would (mx.kubernetes.tokenCommand).
const clusterToken = 'stand-in-cluster-token';

describe('the MX project page in a browser', () => {
  let mlflow;
  let cluster;
  let backend;
  let browser;
  let page;
  let client;
  let token;

  const shot = async file => {
    if (!shotDir) return;
    await fs.mkdir(shotDir, { recursive: true });
    await page.screenshot({ path: path.join(shotDir, file), fullPage: true });
  };

  before(async () => {
    ensureAppBuilt();
    mlflow = await startMlflowStandIn(10_000);
    cluster = await startKubernetesApiStandIn({
      mlflowUrl: mlflow.url,
      token: clusterToken,
    });
    backend = await startBackend({
      serveApp: true,
      extraConfig: `  kubernetes:
    allowedHosts: [${JSON.stringify(new URL(cluster.url).host)}]
    tokenCommand: [${JSON.stringify(process.execPath)}, '-e', ${JSON.stringify(
        `console.log(${JSON.stringify(clusterToken)})`,
      )}]
`,
    });
    token = await backend.token();
    client = api(backend.baseUrl, token);
    await client.waitForEntity('template:default/ml-project');
    browser = await launchBrowser();
    page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
    mlflow?.stop();
    cluster?.stop();
  });

  it('creates a project from the Create form', async () => {
    await signInAsGuest(page, backend.baseUrl);
    await page
      .getByRole('link', { name: /^Create/ })
      .first()
      .click();
    const card = page
      .locator('.MuiCard-root')
      .filter({ has: page.getByText('ML project', { exact: true }) })
      .first();
    await card.getByRole('button', { name: /choose/i }).click();

    await page.getByLabel(/^Name/).first().fill(name);
    await page
      .getByLabel(/^Client/)
      .first()
      .fill('Umbrella Corp');
    await page
      .getByLabel(/^Description/)
      .first()
      .fill('Visual quality assurance on the assembly line');
    const owner = page.getByLabel(/^Owner/).first();
    await owner.click();
    await owner.fill('ml-engineers');
    await page
      .getByRole('option', { name: /ml-engineers/ })
      .first()
      .click();
    await shot('02-create-form-project.png');
    await page.getByRole('button', { name: /^next/i }).click();

    // The form enforces the GCP project id rule before anything runs.
    await page
      .getByLabel(/^GCP project id/)
      .first()
      .fill('Umbrella_QA');
    await page.getByRole('button', { name: /^review/i }).click();
    await page
      .getByText(/must match pattern/i)
      .first()
      .waitFor();
    await shot('03-create-form-invalid-project-id.png');
    await page
      .getByLabel(/^GCP project id/)
      .first()
      .fill('umbrella-qa-01');
    await page.getByRole('button', { name: /^review/i }).click();
    await page.getByRole('button', { name: /^create/i }).click();

    await page
      .getByText(/Open in catalog/i)
      .first()
      .waitFor({ timeout: 180_000 });
    await shot('04-task-completed.png');
    const entity = await client.waitForEntity(`component:default/${name}`);
    assert.equal(entity.spec.type, 'ml-project');
  });

  it('shows infrastructure, generators, MLflow runs and endpoints on the MX project tab', async () => {
    // No annotation: the apply of the project's infrastructure records the cluster in its state
    // (GKE gives a bare address and a base64 CA), and the page reaches the in-cluster MLflow
    // through the cluster API server's service proxy.
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
    const entityNow = await client.get(
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    assert.equal(
      entityNow.json.metadata.annotations[
        'mx.backstage.io/mlflow-tracking-uri'
      ],
      undefined,
    );

    // Every runs search the page sends, to tell the first load from a Refresh.
    const isRunsSearch = r =>
      r.method() === 'POST' && r.url().includes('/mlflow/runs/search');
    const runsSearches = [];
    page.on('request', r => {
      if (isRunsSearch(r)) runsSearches.push(r);
    });

    await navigate(page, `/catalog/default/component/${name}`);
    try {
      await page
        .getByText(/MX project/i)
        .first()
        .waitFor({ timeout: 60_000 });
    } catch (e) {
      await shot('error-entity-page.png');
      throw e;
    }
    await page
      .getByText('ML project', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => {});
    await page.waitForTimeout(1500);
    await shot('05-entity-overview.png');
    await page
      .getByText(/MX project/i)
      .first()
      .click();

    // Infrastructure and generators come from the project's .mx/state.yaml on the git host.
    await page.getByText('umbrella-qa-01').first().waitFor();
    await page.getByText('umbrella-qa-01-tfstate').first().waitFor();
    assert.ok(await page.getByText('ml-project').first().isVisible());

    // Runs from the MLflow stand-in (10,000 runs), through the backend gateway.
    const runsTable = page.getByRole('table', { name: 'Runs' });
    await runsTable.locator('tbody tr').first().waitFor({ timeout: 120_000 });
    const rows = await runsTable.locator('tbody tr').count();
    assert.ok(rows > 0, 'runs are listed');
    await page
      .getByText(/run-\d{5}/)
      .first()
      .waitFor();

    // Refresh from MLflow (the MLflow card's header) asks past the backend's few-seconds cache
    // (Cache-Control: no-cache) for the same page of runs; the first load did not.
    assert.ok(runsSearches.length > 0);
    for (const r of runsSearches) {
      assert.equal(
        (await r.allHeaders())['cache-control'],
        undefined,
        'the first load may take a cached answer',
      );
    }
    const firstRun = await runsTable
      .locator('tbody tr')
      .first()
      .getByText(/run-\d{5}/)
      .first()
      .textContent();
    const mlflowCard = page.locator('.MuiCard-root').filter({ has: runsTable });
    const freshRuns = page.waitForRequest(
      r => isRunsSearch(r) && r.headers()['cache-control'] === 'no-cache',
    );
    const freshExperiments = page.waitForRequest(
      r =>
        r.url().includes('/mlflow/experiments/search') &&
        r.headers()['cache-control'] === 'no-cache',
    );
    await mlflowCard
      .getByRole('button', { name: 'Refresh from MLflow' })
      .click();
    const [fresh] = await Promise.all([freshRuns, freshExperiments]);
    assert.equal((await fresh.response())?.status(), 200);
    await runsTable.getByText(firstRun).waitFor({ timeout: 60_000 });
    assert.ok(
      (await runsTable.locator('tbody tr').count()) > 0,
      'runs are listed after the refresh',
    );
    // No tooltip over the card, and the page from its top (the click scrolled it), for the screenshot.
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));

    // Endpoints: what the project serves, with live health through the same private path;
    // the catalog's console links stay links outside the health table.
    const endpoints = page.getByRole('table', { name: 'Endpoints' });
    await endpoints.getByText('MLflow (in-cluster, private)').waitFor();
    await endpoints
      .getByText(/^OK|up/i)
      .first()
      .waitFor()
      .catch(() => {});
    assert.equal(await endpoints.getByText('GCP console').count(), 0);
    assert.equal(await endpoints.getByText('GKE cluster').count(), 0);
    await page.getByRole('link', { name: 'GCP console' }).first().waitFor();
    await page.waitForTimeout(1500);
    await shot('06-mx-project-tab.png');

    // The repository: the clone command, and the token git asks for as the password.
    await page
      .getByText(
        `git clone ${backend.baseUrl}/api/mx-git-host/repos/${name}.git`,
      )
      .first()
      .waitFor();
    const copy = page.getByRole('button', {
      name: /Copy my token for git push/,
    });
    await copy.scrollIntoViewIfNeeded();
    await copy.click();
    await page.getByText('Copied. Paste it as the password.').first().waitFor();
    await shot('07-repository-card.png');
    // What the person pasted works as git's password.
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const clone = path.join(backend.tmp, 'pushed-by-hand');
    const git = (args, cwd) =>
      execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        stdio: 'pipe',
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      });
    const remote = `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`;
    git(['clone', '--quiet', remote, clone]);
    await fs.writeFile(
      path.join(clone, 'NOTES.md'),
      'pushed with the token from the page\n',
    );
    git(['add', 'NOTES.md'], clone);
    git(
      [
        '-c',
        'user.name=Guest',
        '-c',
        'user.email=guest@example.com',
        'commit',
        '-qm',
        'Notes',
      ],
      clone,
    );
    git(
      [
        'push',
        '--quiet',
        remote.replace(
          'http://',
          `http://guest:${encodeURIComponent(copied)}@`,
        ),
        'HEAD:main',
      ],
      clone,
    );
    assert.equal(
      git(['ls-remote', remote, 'refs/heads/main']).split('\t')[0],
      git(['rev-parse', 'HEAD'], clone).trim(),
    );
  });
});
