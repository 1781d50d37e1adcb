// Browser helpers: headless Debian Chromium through playwright-core, as MACHINE-NOTES describes.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './backend.mjs';
import { gitEnvAs } from './git.mjs';

export { gitEnvAs };

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Builds packages/app once (the backend's app plugin serves it), unless a build is there. */
/** Newest modification time of the files below `dir` (0 when it does not exist). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app unless its build is newer than every source of the app and of the frontend
 * plugins it bundles (a stale build would test yesterday's page); MX_REBUILD_APP=1 forces it.
 */
export function ensureAppBuilt() {
  const index = path.join(repoRoot, 'packages/app/dist/index.html');
  const sources = [
    'packages/app/src',
    'plugins/mx-project-page/src',
    'plugins/mx-common/src',
  ];
  const fresh =
    fs.existsSync(index) &&
    fs.statSync(index).mtimeMs >
      Math.max(...sources.map(d => newestMtime(path.join(repoRoot, d))));
  if (fresh && !process.env.MX_REBUILD_APP) return;
  execFileSync(
    path.join(repoRoot, 'node_modules/.bin/backstage-cli'),
    ['package', 'build'],
    {
      cwd: path.join(repoRoot, 'packages/app'),
      stdio: 'inherit',
    },
  );
}

/** Opens the app and signs in as guest. */
export async function signInAsGuest(page, appUrl) {
  page.setDefaultTimeout(60_000);
  await page.goto(appUrl, { waitUntil: 'networkidle', timeout: 120_000 });
  await page.getByRole('button', { name: /enter/i }).click();
  await page
    .getByRole('link', { name: /^Create/ })
    .first()
    .waitFor();
}

/** In-app navigation (a full reload would show the sign-in page again). */
export async function navigate(page, pathname) {
  await page.evaluate(p => {
    window.history.pushState({}, '', p);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, pathname);
}

/**
 * Starts the MLflow STAND-IN (the workspace package @mx-backstage/mlflow-standin: a local
 * server that follows MLflow's REST contract; a real MLflow cannot be installed here) in a child
 * process on 127.0.0.1.
 */
export async function startMlflowStandIn(runs = 10_000) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(
        repoRoot,
        'node_modules/@backstage/cli/config/nodeTransform.cjs',
      ),
      '-e',
      `require('@mx-backstage/mlflow-standin').startMlflowStandIn({ runs: ${runs} }).then(s => console.log('URL ' + s.url))`,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', d => {
      out += d.toString();
      const m = out.match(/URL (\S+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', code =>
      reject(new Error(`MLflow stand-in exited with ${code}`)),
    );
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Adds annotations to a project's catalog-info.yaml on the git host and refreshes the entity. */
export async function annotateProject({
  backend,
  client,
  token,
  name,
  annotations,
  workDir,
}) {
  const remote = `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`;
  const git = args =>
    execFileSync('git', args, {
      cwd: workDir,
      encoding: 'utf8',
      env: gitEnvAs(token),
    });
  fs.rmSync(workDir, { recursive: true, force: true });
  execFileSync('git', ['clone', '--quiet', remote, workDir]);
  const file = path.join(workDir, 'catalog-info.yaml');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex(l => l === '  annotations:');
  lines.splice(
    i + 1,
    0,
    ...Object.entries(annotations).map(
      ([k, v]) => `    ${k}: ${JSON.stringify(v)}`,
    ),
  );
  fs.writeFileSync(file, lines.join('\n'));
  git([
    'commit',
    '--quiet',
    '-am',
    'Point the project page at its MLflow tracking server',
  ]);
  git(['push', '--quiet', 'origin', 'HEAD:main']);
  await client.post('/api/catalog/refresh', {
    entityRef: `component:default/${name}`,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const e = await client.get(
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    const a = e.json?.metadata?.annotations ?? {};
    if (Object.entries(annotations).every(([k, v]) => a[k] === v))
      return e.json;
    if (Date.now() > deadline)
      throw new Error(
        `annotations did not reach the catalog: ${JSON.stringify(a)}`,
      );
    await client.post('/api/catalog/refresh', {
      entityRef: `component:default/${name}`,
    });
    await new Promise(r => setTimeout(r, 1000));
  }
}

/**
 * Starts the Kubernetes API server STAND-IN (plugins/mx-project-backend/src/testing/
 * kubernetesApiStandIn.ts: the service-proxy contract, bearer token required, 404 Status for an
 * unknown service) over HTTPS with a certificate made now, in front of `mlflowUrl` as the
 * service mlflow/mlflow:5000. Returns its URL and CA the way GKE's Terraform outputs give them.
 */
export async function startKubernetesApiStandIn({ mlflowUrl, token }) {
  const module = path.join(
    repoRoot,
    'plugins/mx-project-backend/src/testing/kubernetesApiStandIn.ts',
  );
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(
        repoRoot,
        'node_modules/@backstage/cli/config/nodeTransform.cjs',
      ),
      '-e',
      `const k = require(${JSON.stringify(module)});
       const tls = k.selfSignedCertificate();
       k.startKubernetesApiStandIn({ token: ${JSON.stringify(
         token,
       )}, tls, services: [
         { namespace: 'mlflow', name: 'mlflow', ports: { http: 5000 }, target: ${JSON.stringify(
           mlflowUrl,
         )} },
       ] }).then(s => console.log('URL ' + s.url + ' CA ' + Buffer.from(tls.cert).toString('base64')))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { url, ca } = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', d => {
      out += d.toString();
      const m = out.match(/URL (\S+) CA (\S+)/);
      if (m) resolve({ url: m[1], ca: m[2] });
    });
    child.on('exit', code =>
      reject(new Error(`Kubernetes API stand-in exited with ${code}`)),
    );
  });
  return { url, ca, stop: () => child.kill('SIGTERM') };
}

/**
 * Records Terraform outputs in a project's .mx/state.yaml on the git host, as mx:terraform:apply
 * writes them after an apply (`terraform output -json`, non-sensitive values only, bare), and
 * pushes the change as the apply's commit would.
 */
export async function recordTerraformOutputs({
  backend,
  token,
  name,
  outputs,
  workDir,
}) {
  const remote = `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`;
  const env = gitEnvAs(token);
  fs.rmSync(workDir, { recursive: true, force: true });
  execFileSync('git', ['clone', '--quiet', remote, workDir], { env });
  const file = path.join(workDir, '.mx/state.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const block = Object.keys(outputs)
    .sort()
    .map(k => `    ${k}: ${JSON.stringify(outputs[k])}`)
    .join('\n');
  if (!text.includes('  outputs: {}\n'))
    throw new Error('the state has outputs already');
  fs.writeFileSync(
    file,
    text.replace('  outputs: {}\n', `  outputs:\n${block}\n`),
  );
  const git = args =>
    execFileSync('git', args, { cwd: workDir, env, encoding: 'utf8' });
  git(['commit', '--quiet', '-am', 'mx:terraform:apply: record outputs']);
  git(['push', '--quiet', 'origin', 'HEAD:main']);
}
