/*
 * Benchmark: the mx-project MLflow gateway against calling MLflow directly.
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

const ITERATIONS = Number(process.argv[2] ?? 200);
const ONLY = process.argv[3];

type Call = { method: 'GET' | 'POST'; path: string; body?: unknown };
type Case = { name: string; direct: Call; gateway: Call };

/** The reference hop: a node:http server that pipes every request to `target` and back. */
async function startTrivialProxy(target: string) {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const server = http.createServer((req, res) => {
    const out = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      agent.destroy();
      return new Promise<void>(r => server.close(() => r()));
    },
  };
}

function request(
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent: keepAlive,
        headers: payload
          ? {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }
          : {},
      },
      res => {
        let bytes = 0;
        res.on('data', c => {
          bytes += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
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
    const res = await request(c.path, c.method, c.body);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(c0);
    if (res.status !== 200) throw new Error(`${c.path} answered ${res.status}`);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes: res.bytes };
  };

  console.log(
    `MLflow gateway benchmark: ${mlflow.data.runs.length} runs in ${mlflow.data.experiments.length} experiments, ${ITERATIONS} interleaved iterations per case, Node ${process.version}`,
  );
  console.log(
    'case | direct median / p95 ms | gateway median / p95 ms | ratio (median) | CPU ms direct / gateway (median) | CPU ratio | bytes direct → gateway | reference: trivial proxy median ms, ratio, CPU ratio',
  );
  for (const c of cases.filter(x => !ONLY || x.name.includes(ONLY))) {
    // warm-up (JIT, sockets)
    const proxied = viaProxy(c.direct);
    for (let i = 0; i < 10; i++) {
      await time(c.direct);
      await time(c.gateway);
      await time(proxied);
    }
    const direct: number[] = [];
    const gateway: number[] = [];
    const directCpu: number[] = [];
    const gatewayCpu: number[] = [];
    const hop: number[] = [];
    const hopCpu: number[] = [];
    let bytes = { direct: 0, gateway: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const d = await time(c.direct);
      const g = await time(c.gateway);
      const p = await time(proxied);
      direct.push(d.ms);
      gateway.push(g.ms);
      hop.push(p.ms);
      directCpu.push(d.cpuMs);
      gatewayCpu.push(g.cpuMs);
      hopCpu.push(p.cpuMs);
      bytes = { direct: d.bytes, gateway: g.bytes };
    }
    const sp = stats(hop);
    const sd = stats(direct);
    const sg = stats(gateway);
    const cd = stats(directCpu).median;
    const cg = stats(gatewayCpu).median;
    console.log(
      `${c.name} | ${sd.median.toFixed(2)} / ${sd.p95.toFixed(
        2,
      )} | ${sg.median.toFixed(2)} / ${sg.p95.toFixed(2)} | ${(
        sg.median / sd.median
      ).toFixed(2)}x | ${cd.toFixed(2)} / ${cg.toFixed(2)} | ${(
        cg / cd
      ).toFixed(2)}x | ${bytes.direct} → ${bytes.gateway} | ${sp.median.toFixed(
        2,
      )}, ${(sp.median / sd.median).toFixed(2)}x, ${(
        stats(hopCpu).median / cd
      ).toFixed(2)}x`,
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
