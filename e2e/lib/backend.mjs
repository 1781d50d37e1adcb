// Starts the real MX backend (packages/backend, embedded default config) on a free port on
// 127.0.0.1 with a throwaway git host folder, for end-to-end tests and benchmarks.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1. */
export { freePort };

/**
 * @param {{ port?: number, extraConfig?: string, extraBackendConfig?: string, gitRoot?: string, databaseDir?: string, publicBaseUrl?: string, serveApp?: boolean, env?: Record<string, string>, log?: (line: string) => void }} [options]
 * @returns {Promise<{ baseUrl: string, gitRoot: string, tmp: string, pid: number, token: () => Promise<string>, stop: () => Promise<void>, kill: () => Promise<void>, output: () => string, rssMb: () => Promise<number> }>}
 */
export async function startBackend(options = {}) {
  // A test that restarts a backend as another user passes the port, so stored URLs stay valid.
  const port = options.port ?? (await freePort());
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-e2e-'));
  const gitRoot = options.gitRoot ?? path.join(tmp, 'git');
  // SQLite files of the embedded default (one per plugin); a test that restarts a backend passes
  // its own folder so the catalog outlives the process.
  const databaseDir = options.databaseDir ?? path.join(tmp, 'database');
  const extraBackendConfig = options.extraBackendConfig ?? '';
  const databaseConfig = /^\s*database:/m.test(extraBackendConfig)
    ? ''
    : `  database:\n    client: better-sqlite3\n    connection:\n      directory: ${JSON.stringify(databaseDir)}\n`;
  const ownUrl = `http://127.0.0.1:${port}`;
  // Replicas behind one address share its baseUrl (what the catalog and git host URLs use).
  const baseUrl = ownUrl;
  const publicBaseUrl = options.publicBaseUrl ?? ownUrl;
  const configFile = path.join(tmp, 'app-config.e2e.yaml');
  await fs.writeFile(
    configFile,
    `app:
  baseUrl: ${options.serveApp ? publicBaseUrl : 'http://127.0.0.1:3000'}
backend:
  baseUrl: ${publicBaseUrl}
  listen:
    host: 127.0.0.1
    port: ${port}
${databaseConfig}${extraBackendConfig}mx:
  gitHost:
    root: ${JSON.stringify(gitRoot)}
${/^  terraform:/m.test(options.extraConfig ?? '') ? '' : `  terraform:\n    planStore:\n      type: local\n      directory: ${JSON.stringify(path.join(tmp, 'plans'))}\n`}${options.extraConfig ?? ''}`,
  );
  let output = '';
  const child = spawn(
    path.join(repoRoot, 'node_modules/.bin/backstage-cli'),
    ['package', 'start', '--config', '../../app-config.yaml', '--config', configFile],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0', ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const onData = d => {
    output += d.toString();
    options.log?.(d.toString());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await fs.rm(tmp, { recursive: true, force: true });
  };

  /** Dies like a crashed replica: SIGKILL to its whole process group, no shutdown hooks. */
  const kill = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 100 && !exited; i++) await sleep(50);
  };

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`backend exited during start:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`backend not ready after 180 s:\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(500);
  }

  const token = async () => {
    const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
    });
    if (!res.ok) throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
    return (await res.json()).backstageIdentity.token;
  };

  /** Resident memory of the backend's process tree, in MB. */
  const rssMb = async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('ps', ['-o', 'rss=', '-g', String(child.pid)]).toString();
    return Math.round(out.split('\n').filter(Boolean).reduce((a, b) => a + Number(b), 0) / 1024);
  };

  return { baseUrl, gitRoot, tmp, pid: child.pid, token, stop, kill, output: () => output, rssMb };
}

/** Small client for the scaffolder and catalog APIs. */
export function api(baseUrl, token) {
  const call = async (method, p, body) => {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  return {
    get: p => call('GET', p),
    post: (p, body) => call('POST', p, body),
    /** Waits until the catalog has the entity (processing is asynchronous). */
    async waitForEntity(ref, timeoutMs = 60_000) {
      const [kind, rest] = ref.split(':');
      const [ns, name] = rest.split('/');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await call('GET', `/api/catalog/entities/by-name/${kind}/${ns}/${name}`);
        if (r.status === 200) return r.json;
        if (Date.now() > deadline) throw new Error(`${ref} not in the catalog after ${timeoutMs} ms`);
        await sleep(500);
      }
    },
    /** Runs a template through the scaffolder and waits for the task to finish. */
    async runTask(templateRef, values, secrets) {
      const created = await call('POST', '/api/scaffolder/v2/tasks', { templateRef, values, secrets });
      if (created.status !== 201) return { created };
      const id = created.json.id;
      const deadline = Date.now() + 300_000;
      for (;;) {
        const t = await call('GET', `/api/scaffolder/v2/tasks/${id}`);
        if (['completed', 'failed', 'cancelled'].includes(t.json.status)) {
          const events = await call('GET', `/api/scaffolder/v2/tasks/${id}/events`);
          return { created, task: t.json, events: events.json };
        }
        if (Date.now() > deadline) throw new Error(`task ${id} did not finish in 300 s`);
        await sleep(250);
      }
    },
  };
}
