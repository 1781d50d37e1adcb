/*
 * Benchmark: the mx-project MLflow gateway against calling MLflow directly.
 *
 * The gateway is measured twice: a first read (`Cache-Control: no-cache`, so every call goes to
 * MLflow: the path of a cache miss, and of the page's Refresh) and a repeated read (the same
 * request again within `mx.mlflow.cacheTtlSeconds`, default 5 s: answered from the gateway's
 * answer cache, as when a user pages back, re-sorts, re-selects a run or reopens the tab).
 *
 * Both sides talk to the same MLflow STAND-IN (@mx-backstage/mlflow-standin: a local HTTP
 * server following MLflow's REST contract, seeded with 10,000 runs), in the same process run, requests interleaved (direct, gateway, direct, gateway...)
 * so both see the same machine load. The gateway is the plugin's real router (`createRouter`:
 * entity lookup, request validation, allowlisted outbound client, normalisation) mounted on
 * express on 127.0.0.1; Backstage's auth middleware, which every plugin pays, is not included.
 *
 * A third column is a reference, not a target: a trivial Node proxy (node:http server piping each
 * request to the stand-in over a keep-alive agent, no checks, no express) measured in the same
 * interleaved loop. It is the floor of "one more loopback HTTP hop" on this machine: no gateway
 * that is a separate HTTP hop can be cheaper than it.
 *
 * Run from the repo root (Node 22):
 *   source scripts/env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/mlflow-gateway.bench.ts [iterations]
 *
 * Not part of any test suite: it only measures and prints.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { createRouter } from '../plugins/mx-project-backend/src/service/router';
import { startMlflowStandIn } from '@mx-backstage/mlflow-standin';
import { startTrivialProxy } from './lib/trivialProxy';

const ITERATIONS = Number(process.argv[2] ?? 200);
const ONLY = process.argv[3];

type Call = {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
};
type Case = { name: string; direct: Call; gateway: Call };

function request(
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; bytes: number; cache?: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent: keepAlive,
        headers: payload
          ? {
              ...extraHeaders,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }
          : extraHeaders,
      },
      res => {
        let bytes = 0;
        res.on('data', c => {
          bytes += c.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            cache: res.headers['x-mx-cache'] as string | undefined,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return {
    median: q(0.5),
    p95: q(0.95),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

async function main() {
  const mlflow = await startMlflowStandIn({ runs: 10_000 });
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'bench',
      namespace: 'default',
      annotations: { 'mx.backstage.io/mlflow-tracking-uri': mlflow.url },
    },
    spec: {
      type: 'ml-project',
      lifecycle: 'experimental',
      owner: 'group:default/x',
    },
  };
  const cache = new Map<string, unknown>();
  const router = await createRouter({
    logger: {
      info() {},
      warn() {},
      error() {},
      debug() {},
      child() {
        return this;
      },
    } as never,
    config: new ConfigReader({
      mx: { mlflow: { allowedHosts: ['127.0.0.1'], timeoutMs: 30_000 } },
    }),
    httpAuth: {
      credentials: async () => ({ principal: { type: 'user' } }),
    } as never,
    catalog: { getEntityByRef: async () => entity } as never,
    urlReader: {} as never,
    cache: {
      get: async (k: string) => cache.get(k),
      set: async (k: string, v: unknown) => void cache.set(k, v),
      delete: async (k: string) => void cache.delete(k),
      withOptions() {
        return this;
      },
    } as never,
  });
  const app = express();
  app.use('/api/mx-project', router);
  const server = http.createServer(app);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const gatewayBase = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/mx-project/projects/default/bench`;
  const api = `${mlflow.url}/api/2.0/mlflow`;
  const proxy = await startTrivialProxy(mlflow.url);
  const viaProxy = (c: Call): Call => ({
    ...c,
    path: c.path.replace(mlflow.url, proxy.url),
  });
  const allExperiments = ['1', '2', '3', '4'];
  const run = mlflow.data.runs[4321];

  const cases: Case[] = [
    {
      name: 'runs/search 100, default order',
      direct: {
        method: 'POST',
        path: `${api}/runs/search`,
        body: { experiment_ids: allExperiments, max_results: 100 },
      },
      gateway: {
        method: 'POST',
        path: `${gatewayBase}/mlflow/runs/search`,
        body: { experimentIds: allExperiments, maxResults: 100 },
      },
    },
    {
      name: 'runs/search 100, filter + order_by metric',
      direct: {
        method: 'POST',
        path: `${api}/runs/search`,
        body: {
          experiment_ids: allExperiments,
          max_results: 100,
          filter: "metrics.rmse < 1 and params.optimizer = 'adam'",
          order_by: ['metrics.rmse ASC'],
        },
      },
      gateway: {
        method: 'POST',
        path: `${gatewayBase}/mlflow/runs/search`,
        body: {
          experimentIds: allExperiments,
          maxResults: 100,
          filter: "metrics.rmse < 1 and params.optimizer = 'adam'",
          orderBy: ['metrics.rmse ASC'],
        },
      },
    },
    {
      name: 'runs/search 1000 (largest page)',
      direct: {
        method: 'POST',
        path: `${api}/runs/search`,
        body: { experiment_ids: allExperiments, max_results: 1000 },
      },
      gateway: {
        method: 'POST',
        path: `${gatewayBase}/mlflow/runs/search`,
        body: { experimentIds: allExperiments, maxResults: 1000 },
      },
    },
    {
      name: 'metrics/get-history',
      direct: {
        method: 'GET',
        path: `${api}/metrics/get-history?run_id=${run.run_id}&metric_key=rmse`,
      },
      gateway: {
        method: 'GET',
        path: `${gatewayBase}/mlflow/metrics/history?runId=${run.run_id}&metricKey=rmse`,
      },
    },
  ];

  // Wall time, and the CPU time the process spent on the call (client, stand-in and, for the
  // gateway, the gateway): on a loaded machine the wall time also counts waiting for a CPU at
  // every extra network hop, the CPU time only the work done.
  const time = async (c: Call) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const res = await request(c.path, c.method, c.body, c.headers);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(c0);
    if (res.status !== 200) throw new Error(`${c.path} answered ${res.status}`);
    return {
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      bytes: res.bytes,
      cache: res.cache,
    };
  };

  console.log(
    `MLflow gateway benchmark: ${mlflow.data.runs.length} runs in ${mlflow.data.experiments.length} experiments, ${ITERATIONS} interleaved iterations per case, Node ${process.version}`,
  );
  console.log(
    'case | direct median / p95 ms | gateway first read median / p95 ms, ratio | gateway repeated read median / p95 ms, ratio | trivial proxy (floor) median ms, ratio | CPU ratio first / repeated / floor | bytes direct → gateway',
  );
  const expectCache = (c: Call, state: string, got?: string) => {
    if (got !== state) {
      throw new Error(
        `${c.path} answered x-mx-cache: ${got}, expected ${state}`,
      );
    }
  };
  for (const c of cases.filter(x => !ONLY || x.name.includes(ONLY))) {
    const proxied = viaProxy(c.direct);
    const first: Call = {
      ...c.gateway,
      headers: { 'cache-control': 'no-cache' },
    };
    // warm-up (JIT, sockets)
    for (let i = 0; i < 10; i++) {
      await time(c.direct);
      await time(first);
      await time(c.gateway);
      await time(proxied);
    }
    const samples = {
      direct: [] as number[],
      first: [] as number[],
      repeated: [] as number[],
      hop: [] as number[],
    };
    const cpu = {
      direct: [] as number[],
      first: [] as number[],
      repeated: [] as number[],
      hop: [] as number[],
    };
    let bytes = { direct: 0, gateway: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const d = await time(c.direct);
      const f = await time(first);
      expectCache(first, 'bypass', f.cache);
      const g = await time(c.gateway);
      expectCache(c.gateway, 'hit', g.cache);
      const p = await time(proxied);
      for (const [k, m] of [
        ['direct', d],
        ['first', f],
        ['repeated', g],
        ['hop', p],
      ] as const) {
        samples[k].push(m.ms);
        cpu[k].push(m.cpuMs);
      }
      bytes = { direct: d.bytes, gateway: f.bytes };
    }
    const sd = stats(samples.direct);
    const cd = stats(cpu.direct).median;
    const col = (k: 'first' | 'repeated') => {
      const s = stats(samples[k]);
      return `${s.median.toFixed(2)} / ${s.p95.toFixed(2)}, ${(
        s.median / sd.median
      ).toFixed(2)}x`;
    };
    const sp = stats(samples.hop);
    const cpuRatio = (k: 'first' | 'repeated' | 'hop') =>
      `${(stats(cpu[k]).median / cd).toFixed(2)}x`;
    console.log(
      `${c.name} | ${sd.median.toFixed(2)} / ${sd.p95.toFixed(2)} | ${col(
        'first',
      )} | ${col('repeated')} | ${sp.median.toFixed(2)}, ${(
        sp.median / sd.median
      ).toFixed(2)}x | ${cpuRatio('first')} / ${cpuRatio(
        'repeated',
      )} / ${cpuRatio('hop')} | ${bytes.direct} → ${bytes.gateway}`,
    );
  }

  keepAlive.destroy();
  await proxy.close();
  await new Promise<void>(r => server.close(() => r()));
  await mlflow.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
