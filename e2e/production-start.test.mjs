// The production configuration starts: NODE_ENV=production, `--config app-config.yaml --config
// app-config.production.yaml` (the image's CMD) against a real PostgreSQL 15 on 127.0.0.1.
//
// Everything the production config reads from the environment is given as the image's
// deployment gives it (POSTGRES_*, BACKEND_SECRET, GITHUB_TOKEN, AUTH_GITHUB_CLIENT_*, ...); the
// GitHub values are dummies that nothing calls at start-up. One small override file holds only
// what cannot be real here: a static external-access token so the test can call the APIs
// (production has no guest
// sign-in, which is asserted too). The listen address is set through APP_CONFIG_backend_listen_*
// environment variables, the way the Backstage Helm chart sets the port.
//
// The image runs the compiled bundle (`node packages/backend`); this test runs the same entry
// (packages/backend/src/index.ts, same module graph) through Backstage's Node transform, which is
// what `backstage-cli package start` does, without the watcher and with NODE_ENV=production.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { api, freePort, repoRoot } from './lib/backend.mjs';
import { findPgBin, startPostgres } from './lib/postgres.mjs';

const sleep = ms => new Promise(r => setTimeout(r, ms));
const require = createRequire(
  path.join(repoRoot, 'packages/backend/package.json'),
);

describe('NODE_ENV=production backend with app-config.production.yaml', () => {
  let pg;
  let child;
  let tmp;
  let baseUrl;
  let output = '';
  let startSeconds;
  const token = crypto.randomBytes(24).toString('base64url');

  before(async () => {
    pg = startPostgres(await freePort());
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-prod-'));
    const override = path.join(tmp, 'app-config.test-override.yaml');
    // The listen address comes from the environment, as the Backstage Helm chart gives it
    // (APP_CONFIG_backend_listen_port), plus the host so the test binds 127.0.0.1 only.
    await fs.writeFile(
      override,
      `backend:
  auth:
    externalAccess:
      - type: static
        options:
          token: ${token}
          subject: production-start-test
`,
    );
    const t0 = Date.now();
    child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
        '--config',
        override,
      ],
      {
        cwd: path.join(repoRoot, 'packages/backend'),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          APP_CONFIG_backend_listen_port: String(port),
          APP_CONFIG_backend_listen_host: '127.0.0.1',
          FORCE_COLOR: '0',
          APP_BASE_URL: baseUrl,
          BACKEND_BASE_URL: baseUrl,
          BACKEND_SECRET: crypto.randomBytes(24).toString('base64'),
          POSTGRES_HOST: pg.host,
          POSTGRES_PORT: String(pg.port),
          POSTGRES_USER: pg.user,
          POSTGRES_PASSWORD: 'unused-trust-auth',
          GITHUB_TOKEN: 'dummy-never-called',
          AUTH_GITHUB_CLIENT_ID: 'dummy-never-called',
          AUTH_GITHUB_CLIENT_SECRET: 'dummy-never-called',
          MX_GITHUB_OWNER: 'example-org',
        },
      },
    );
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`backend exited during start:\n${output.slice(-4000)}`);
      // A start-up failure in a plugin (e.g. a config type error) is logged as an unhandled
      // rejection while the process stays up: fail at once rather than at the deadline.
      if (/Unhandled rejection/.test(output))
        throw new Error(`backend failed during start:\n${output.slice(-4000)}`);
      if (Date.now() > deadline)
        throw new Error(
          `backend not ready after 180 s:\n${output.slice(-4000)}`,
        );
      try {
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      await sleep(500);
    }
    startSeconds = (Date.now() - t0) / 1000;
  });

  after(async () => {
    if (child && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    pg?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('becomes ready on PostgreSQL and uses it', async t => {
    t.diagnostic(`production start to readiness: ${startSeconds.toFixed(1)} s`);
    const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
    assert.equal(res.status, 200);
    assert.doesNotMatch(
      output,
      /better-sqlite3/,
      'production must not fall back to SQLite',
    );
    // Each plugin's database was created in the PostgreSQL cluster.
    const dbs = execFileSync(
      path.join(findPgBin(), 'psql'),
      [
        '-h',
        pg.host,
        '-p',
        String(pg.port),
        '-U',
        pg.user,
        '-Atc',
        'select datname from pg_database',
      ],
      { encoding: 'utf8' },
    );
    assert.match(dbs, /backstage_plugin_catalog/);
    assert.match(dbs, /backstage_plugin_scaffolder/);
  });

  it('refuses anonymous API calls (no guest sign-in in production)', async () => {
    const res = await fetch(`${baseUrl}/api/catalog/entities?limit=1`);
    assert.equal(res.status, 401);
    const guest = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    assert.notEqual(
      guest.status,
      200,
      'the guest provider must not sign anyone in under auth.environment production',
    );
  });

  it('serves the catalog (the MX generators from the production locations)', async () => {
    const client = api(baseUrl, token);
    const template = await client.waitForEntity(
      'template:default/ml-project',
      120_000,
    );
    assert.equal(template.kind, 'Template');
  });

  it('serves the scaffolder: the MX actions and a template parameter schema', async () => {
    const client = api(baseUrl, token);
    const actions = await client.get('/api/scaffolder/v2/actions');
    assert.equal(actions.status, 200, actions.text);
    const ids = actions.json.map(a => a.id);
    assert.ok(
      ids.includes('mx:terraform:apply'),
      `mx actions missing: ${ids.join(', ')}`,
    );
    const schema = await client.get(
      '/api/scaffolder/v2/templates/default/template/ml-project/parameter-schema',
    );
    assert.equal(schema.status, 200, schema.text);
    assert.ok(schema.json.steps.length > 0);
  });
});
