import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotFoundError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import { createLocalPlanStore } from '@mx-backstage/plugin-scaffolder-backend-module-mx';
import type { PendingPlan } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normaliseMlflowRunsPage } from '@mx-backstage/plugin-mx-common';
import { mxProjectPlugin } from './plugin';
import { MlflowStandIn, startMlflowStandIn } from '@mx-backstage/mlflow-standin';
import {
  INVALID_STATE_YAML,
  VALID_STATE_YAML,
  projectEntity,
} from './testing/fixtures';

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

/** A runs answer as the page's API client reads it: MLflow's JSON, normalised. */
function page(res: { body: unknown; headers: Record<string, string> }) {
  expect(res.headers['x-mx-mlflow-shape']).toBe('mlflow');
  return normaliseMlflowRunsPage(res.body);
}

const OUTSIDER = 'user:default/outsider';
const TOKEN = 'stand-in-token';

/** A port on 127.0.0.1 with nothing listening: an MLflow that is down. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>(r => s.close(() => r()));
  return port;
}

describe('mx-project backend', () => {
  let mlflow: MlflowStandIn; // the stand-in tracking server of most projects
  let other: MlflowStandIn; // a second stand-in on another port
  let backend: Backend;
  let downPort: number;
  const base = '/api/mx-project/projects/default';
  const plansDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-plans-test-'));

  beforeAll(async () => {
    mlflow = await startMlflowStandIn({ runs: 10_000 });
    other = await startMlflowStandIn({ runs: 10 });
    downPort = await closedPort();

    const entities: Entity[] = [
      projectEntity(
        'churn',
        {
          'mx.backstage.io/mlflow-tracking-uri': mlflow.url,
          'mx.backstage.io/endpoints': `Labeling tool=http://127.0.0.1:${downPort}/`,
        },
        [{ url: `${mlflow.url}/health`, title: 'Model endpoint' }],
      ),
      projectEntity('broken-state'),
      projectEntity('no-state'),
      {
        ...projectEntity('no-source'),
        metadata: { name: 'no-source', namespace: 'default' },
      },
      projectEntity('no-mlflow'),
      {
        // As registered from the local git host: no source-location, only managed-by-location.
        ...projectEntity('managed-only'),
        metadata: {
          name: 'managed-only',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location':
              'url:http://127.0.0.1:7007/api/mx-git-host/repos/managed-only/blob/main/catalog-info.yaml',
          },
        },
      },
      projectEntity('down', {
        'mx.backstage.io/mlflow-tracking-uri': `http://127.0.0.1:${downPort}`,
      }),
      projectEntity('elsewhere', {
        'mx.backstage.io/mlflow-tracking-uri': 'http://10.1.2.3:5000',
      }),
      projectEntity('metadata-ip', {
        'mx.backstage.io/mlflow-tracking-uri': 'http://169.254.169.254/',
      }),
      projectEntity('metadata-name', {
        'mx.backstage.io/mlflow-tracking-uri':
          'http://metadata.google.internal/computeMetadata/v1',
      }),
      projectEntity('via-other', {
        'mx.backstage.io/mlflow-tracking-uri': other.url,
      }),
      projectEntity('docs-site', {
        'mx.backstage.io/endpoints': `Docs=${other.url}/sign-in-first`,
      }),
    ];
    const inMemory = catalogServiceMock({ entities });
    const catalog = catalogServiceMock.mock({
      // The catalog's permission checks, reduced to: the outsider may read nothing.
      getEntityByRef: async (ref, options) => {
        const principal = (
          options as {
            credentials?: { principal?: { userEntityRef?: string } };
          }
        )?.credentials?.principal;
        if (principal?.userEntityRef === OUTSIDER) return undefined;
        return inMemory.getEntityByRef(ref);
      },
    });
    const urlReader = mockServices.urlReader.mock({
      readUrl: async url => {
        const files: Record<string, string> = {
          'https://git.example.test/acme/churn/tree/main/.mx/state.yaml':
            VALID_STATE_YAML,
          'https://git.example.test/acme/broken-state/tree/main/.mx/state.yaml':
            INVALID_STATE_YAML,
          'http://127.0.0.1:7007/api/mx-git-host/repos/managed-only/blob/main/.mx/state.yaml':
            VALID_STATE_YAML,
        };
        if (!(url in files)) throw new NotFoundError(`${url} not found`);
        return { buffer: async () => Buffer.from(files[url]) };
      },
    });

    backend = await startTestBackend({
      features: [
        mxProjectPlugin,
        catalog.factory,
        urlReader.factory,
        mockServices.rootConfig.factory({
          data: {
            mx: {
              mlflow: {
                // metadata addresses are listed on purpose: they must be refused anyway
                allowedHosts: [
                  '127.0.0.1',
                  '169.254.169.254',
                  'metadata.google.internal',
                ],
                timeoutMs: 1500,
                credentials: [
                  { host: `127.0.0.1:${mlflow.port}`, token: TOKEN },
                ],
              },
              endpoints: { timeoutMs: 1000 },
              terraform: {
                planMaxAge: '12h',
                planStore: { type: 'local', directory: plansDir },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    fs.rmSync(plansDir, { recursive: true, force: true });
    await backend.stop();
    await mlflow.close();
    await other.close();
  });

  afterEach(() => {
    mlflow.reset();
    other.reset();
  });

  const server = () => backend.server;

  describe('project state', () => {
    it('returns the validated .mx/state.yaml read from the source location', async () => {
      const res = await request(server()).get(`${base}/churn/state`);
      expect(res.status).toBe(200);
      expect(res.body.url).toBe(
        'https://git.example.test/acme/churn/tree/main/.mx/state.yaml',
      );
      expect(res.body.state.project.gcpProjectId).toBe('acme-churn-42');
      expect(Object.keys(res.body.state.generators).sort()).toEqual([
        'deployment-infrastructure',
        'ml-project',
      ]);
    });

    it('explains an invalid state file with the file, line and problem (422)', async () => {
      const res = await request(server()).get(`${base}/broken-state/state`);
      expect(res.status).toBe(422);
      expect(res.body.error.name).toBe('StateFileError');
      expect(res.body.error.message).toContain('.mx/state.yaml');
      expect(res.body.error.message).toMatch(/line \d+/);
      expect(res.body.error.message).toContain('project.region');
    });

    it('answers 404 with a reason when the repository has no state file', async () => {
      const res = await request(server()).get(`${base}/no-state/state`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('No .mx/state.yaml at');
    });

    it('reads the state next to the catalog-info.yaml the component was registered from', async () => {
      const res = await request(server()).get(`${base}/managed-only/state`);
      expect(res.status).toBe(200);
      expect(res.body.url).toBe(
        'http://127.0.0.1:7007/api/mx-git-host/repos/managed-only/blob/main/.mx/state.yaml',
      );
      expect(res.body.state.project.name).toBeDefined();
    });

    it('answers 404 when the entity has no source location', async () => {
      const res = await request(server()).get(`${base}/no-source/state`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('backstage.io/source-location');
    });
  });

  describe('pending plan', () => {
    const saved: PendingPlan = {
      id: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d',
      project: 'churn',
      entityRef: 'component:default/churn',
      createdAt: '2026-11-28T12:00:00.000Z',
      createdBy: 'user:default/ada',
      commit: 'a'.repeat(40),
      workingDirectory: 'infrastructure/terraform',
      configHash: 'b'.repeat(64),
      stateSerial: 4,
      stateLineage: 'lineage-1',
      planFileSha256: 'c'.repeat(64),
      add: 1,
      change: 0,
      destroy: 1,
      resources: [
        '+ google_storage_bucket.data (create)',
        '- google_storage_bucket.old (destroy)',
      ],
      rendered: '# google_storage_bucket.data will be created',
    };
    const location = {
      project: 'churn',
      bucket: 'acme-churn-42-tfstate',
      prefix: 'mx/churn',
    };

    it('has none until a plan run saves one', async () => {
      const res = await request(server()).get(`${base}/churn/plan`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
    });

    it("returns the project's pending plan with its expiry and the link that applies it", async () => {
      const planFile = path.join(plansDir, 'in.tfplan');
      fs.writeFileSync(planFile, 'PK');
      await createLocalPlanStore(plansDir).save(location, saved, planFile);
      const res = await request(server()).get(`${base}/churn/plan`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        plan: saved,
        expiresAt: '2026-11-29T00:00:00.000Z',
        applyUrl: `/create/templates/default/apply-infrastructure?formData=${encodeURIComponent(
          JSON.stringify({
            project: 'component:default/churn',
            planId: saved.id,
          }),
        )}`,
      });
    });

    it('shows nothing to someone who may not read the project', async () => {
      const res = await request(server())
        .get(`${base}/churn/plan`)
        .set('authorization', mockCredentials.user.header(OUTSIDER));
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('google_storage_bucket');
    });
  });

  describe('access control', () => {
    it.each([
      ['get', '/churn/state'],
      ['post', '/churn/mlflow/runs/search'],
      ['get', '/churn/endpoints'],
      ['get', '/churn/mlflow/metrics/history?runId=x&metricKey=rmse'],
    ])(
      '%s %s answers 404 to a caller who may not read the entity',
      async (method, route) => {
        const req =
          method === 'get'
            ? request(server()).get(`${base}${route}`)
            : request(server())
                .post(`${base}${route}`)
                .send({ experimentIds: ['1'] });
        const res = await req.set(
          'authorization',
          mockCredentials.user.header(OUTSIDER),
        );
        expect(res.status).toBe(404);
        expect(mlflow.requests).toHaveLength(0);
      },
    );

    it('answers 404 for an entity that does not exist', async () => {
      const res = await request(server()).get(`${base}/nope/state`);
      expect(res.status).toBe(404);
    });
  });

  describe('MLflow gateway', () => {
    it('lists experiments with timestamps as numbers and tags as a map', async () => {
      const res = await request(server())
        .post(`${base}/churn/mlflow/experiments/search`)
        .send({ orderBy: ['name ASC'] });
      expect(res.status).toBe(200);
      expect(res.body.experiments.map((e: { name: string }) => e.name)).toEqual(
        ['augmented', 'baseline', 'distilled', 'hyperparameter-sweep'],
      );
      const first = res.body.experiments[0];
      expect(typeof first.lastUpdateTime).toBe('number'); // sent as a string by MLflow
      expect(first.tags).toEqual({ 'mlflow.note.content': 'augmented runs' });
      expect(res.body.nextPageToken).toBeUndefined();
    });

    it('pages through all 10,000 runs with page tokens, each run exactly once', async () => {
      const seen = new Set<string>();
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const res = await request(server())
          .post(`${base}/churn/mlflow/runs/search`)
          .send({
            experimentIds: ['1', '2', '3', '4'],
            maxResults: 1000,
            pageToken,
          });
        expect(res.status).toBe(200);
        for (const run of page(res).runs) seen.add(run.runId);
        pageToken = page(res).nextPageToken;
        pages++;
      } while (pageToken);
      expect(pages).toBe(10);
      expect(seen.size).toBe(10_000);
    });

    it('sorts by a metric and normalises runs (numbers, duration, params map)', async () => {
      const res = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({
          experimentIds: ['2'],
          maxResults: 50,
          orderBy: ['metrics.rmse ASC'],
        });
      expect(res.status).toBe(200);
      const values = page(res).runs.map(r => r.metrics.rmse as number);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      const lowest = Math.min(
        ...mlflow.data.runs
          .filter(r => r.experiment_id === '2')
          .map(r => r.metrics.find(m => m.key === 'rmse')!.value),
      );
      expect(values[0]).toBe(lowest);
      for (const run of page(res).runs) {
        expect(typeof run.startTime).toBe('number');
        expect(run.durationMs).toBe(
          run.endTime === undefined ? undefined : run.endTime - run.startTime!,
        );
        expect(run.params).toEqual(
          expect.objectContaining({ optimizer: expect.any(String) }),
        );
      }
    });

    it('filters on metrics and params together', async () => {
      const filter = "metrics.rmse < 1 and params.optimizer = 'adam'";
      const expected = mlflow.data.runs.filter(
        r =>
          r.experiment_id === '1' &&
          r.metrics.find(m => m.key === 'rmse')!.value < 1 &&
          r.params.optimizer === 'adam',
      ).length;
      expect(expected).toBeGreaterThan(0);
      let total = 0;
      let pageToken: string | undefined;
      do {
        const res = await request(server())
          .post(`${base}/churn/mlflow/runs/search`)
          .send({ experimentIds: ['1'], maxResults: 200, filter, pageToken });
        expect(res.status).toBe(200);
        for (const run of page(res).runs) {
          expect(run.metrics.rmse).toBeLessThan(1);
          expect(run.params.optimizer).toBe('adam');
        }
        total += page(res).runs.length;
        pageToken = page(res).nextPageToken;
      } while (pageToken);
      expect(total).toBe(expected);
    });

    it("filters on status with attributes.status = 'FAILED'", async () => {
      const res = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({
          experimentIds: ['1', '2', '3', '4'],
          maxResults: 1000,
          filter: "attributes.status = 'FAILED'",
        });
      expect(res.status).toBe(200);
      expect(page(res).runs.length).toBe(
        mlflow.data.runs.filter(r => r.status === 'FAILED').length,
      );
      expect(
        new Set(page(res).runs.map((r: { status: string }) => r.status)),
      ).toEqual(new Set(['FAILED']));
    });

    it('returns an empty list (not a missing field) when nothing matches', async () => {
      const res = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'], filter: 'metrics.rmse > 1000' });
      expect(res.status).toBe(200);
      expect(page(res)).toEqual({ runs: [] });
    });

    it("passes MLflow's explanation of a bad filter back as a 400", async () => {
      const res = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'], filter: "metrics.rmse < 'low'" });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('INVALID_PARAMETER_VALUE');
      expect(res.body.error.message).toContain('numeric');
    });

    it('rejects a malformed gateway request before calling MLflow', async () => {
      const res = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: [], maxResults: 5000 });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('experimentIds');
      expect(mlflow.requests).toHaveLength(0);
    });

    it('returns the metric history of a run over its steps', async () => {
      const run = mlflow.data.runs[3]; // odd index: MLflow sends its timestamps as strings
      const res = await request(server()).get(
        `${base}/churn/mlflow/metrics/history?runId=${run.run_id}&metricKey=rmse`,
      );
      expect(res.status).toBe(200);
      const steps = res.body.metrics.map((m: { step: number }) => m.step);
      expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i));
      const last = res.body.metrics[res.body.metrics.length - 1];
      expect(last.value).toBe(run.metrics.find(m => m.key === 'rmse')!.value);
      expect(typeof last.timestamp).toBe('number');
    });

    it("answers 404 with MLflow's message for an unknown run", async () => {
      const res = await request(server()).get(
        `${base}/churn/mlflow/metrics/history?runId=deadbeef&metricKey=rmse`,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain("Run 'deadbeef' not found");
    });

    it('lists registered models and model versions', async () => {
      const models = await request(server()).get(
        `${base}/churn/mlflow/registered-models`,
      );
      expect(models.status).toBe(200);
      expect(
        models.body.registeredModels.map((m: { name: string }) => m.name),
      ).toEqual(['churn-classifier', 'demand-forecaster', 'image-tagger']);
      expect(models.body.registeredModels[2].latestVersions[0]).toMatchObject({
        version: '3',
        currentStage: 'Production',
        lastUpdatedTime: expect.any(Number),
      });
      const versions = await request(server()).get(
        `${base}/churn/mlflow/model-versions?filter=${encodeURIComponent(
          "name = 'image-tagger'",
        )}`,
      );
      expect(versions.status).toBe(200);
      expect(
        versions.body.modelVersions.map((v: { version: string }) => v.version),
      ).toEqual(['1', '2', '3']);
    });

    it('sends the configured bearer token to its host only', async () => {
      mlflow.behaviour.requireToken = TOKEN;
      const ok = await request(server())
        .post(`${base}/churn/mlflow/experiments/search`)
        .send({});
      expect(ok.status).toBe(200);
      expect(mlflow.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);

      await request(server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(other.requests[0].headers.authorization).toBeUndefined();
    });

    it('explains a rejected token as a credentials problem', async () => {
      other.behaviour.requireToken = 'something-else';
      const res = await request(server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain('401');
      expect(res.body.error.message).toContain('mx.mlflow.credentials');
    });
  });

  describe('MLflow failures', () => {
    it('reports an MLflow that is down as unreachable (502)', async () => {
      const res = await request(server())
        .post(`${base}/down/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.name).toBe('MlflowUnreachable');
      expect(res.body.error.message).toContain('unreachable');
      expect(res.body.error.message).toContain('ECONNREFUSED');
    });

    it('gives up on a slow MLflow after the configured timeout (504)', async () => {
      mlflow.behaviour.mode = 'slow';
      mlflow.behaviour.delayMs = 20_000;
      const res = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'] });
      expect(res.status).toBe(504);
      expect(res.body.error.message).toContain('did not answer within 1500 ms');
    });

    it('reports an answer that is not MLflow JSON (502)', async () => {
      mlflow.behaviour.mode = 'malformed';
      const res = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'] });
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain('not MLflow JSON');
      expect(res.body.error.message).toContain('text/html');
    });

    it('reports JSON of the wrong shape (502; a streamed runs page when the page normalises it)', async () => {
      mlflow.behaviour.mode = 'wrong-shape';
      const res = await request(server())
        .post(`${base}/churn/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain("malformed 'experiments'");
      const runs = await request(server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'] });
      expect(runs.status).toBe(200);
      expect(runs.headers['x-mx-mlflow-shape']).toBe('mlflow');
      expect(() => normaliseMlflowRunsPage(runs.body)).toThrow(
        "malformed 'runs'",
      );
    });

    it("passes an MLflow server error's message on (502)", async () => {
      mlflow.behaviour.mode = 'error';
      const res = await request(server())
        .post(`${base}/churn/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain(
        'INTERNAL_ERROR: database is locked',
      );
    });

    it('says what to add when the project has no tracking URI annotation', async () => {
      const res = await request(server())
        .post(`${base}/no-mlflow/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        'mx.backstage.io/mlflow-tracking-uri',
      );
    });
  });

  describe('outbound allowlist', () => {
    it('refuses a tracking server whose host is not allowed', async () => {
      const res = await request(server())
        .post(`${base}/elsewhere/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('mx.mlflow.allowedHosts');
    });

    it.each(['metadata-ip', 'metadata-name'])(
      'refuses the cloud metadata service (%s) even when listed as allowed',
      async name => {
        const res = await request(server())
          .post(`${base}/${name}/mlflow/experiments/search`)
          .send({});
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('metadata');
      },
    );

    it('refuses a redirect to a host that is not allowed, without calling it', async () => {
      other.behaviour.redirectTo = `http://localhost:${mlflow.port}`;
      const res = await request(server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('localhost');
      expect(mlflow.requests).toHaveLength(0);
    });

    it("follows a redirect within allowed hosts, with that host's own token", async () => {
      other.behaviour.redirectTo = mlflow.url;
      const res = await request(server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(200);
      expect(res.body.experiments).toHaveLength(4);
      expect(other.requests[0].headers.authorization).toBeUndefined();
      expect(mlflow.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    });
  });

  describe('endpoints', () => {
    it('lists every declared endpoint with its live health', async () => {
      const res = await request(server()).get(`${base}/churn/endpoints`);
      expect(res.status).toBe(200);
      const byTitle = Object.fromEntries(
        res.body.endpoints.map((e: { title: string }) => [e.title, e]),
      );
      // Catalog links (consoles, dashboards) stay links: listed apart, never called.
      expect(byTitle['Model endpoint']).toBeUndefined();
      expect(res.body.links).toEqual([
        { title: 'Model endpoint', url: `${mlflow.url}/health` },
      ]);
      expect(mlflow.requests.filter(r => r.path === '/health')).toHaveLength(0);
      expect(byTitle['Labeling tool']).toMatchObject({
        source: 'annotation',
        status: 'down',
      });
      expect(byTitle['Labeling tool'].message).toContain('ECONNREFUSED');
      expect(byTitle.Streamlit).toMatchObject({
        source: 'state-output',
        status: 'unchecked',
        url: 'http://10.0.0.5/',
      });
      expect(byTitle.Metadata).toMatchObject({ status: 'unchecked' });
      expect(byTitle.Metadata.message).toContain('metadata');
      expect(byTitle['MLflow UI']).toMatchObject({
        source: 'mlflow',
        status: 'up',
      });
    });

    it('reuses a recent probe result instead of probing again', async () => {
      await request(server()).get(`${base}/churn/endpoints`);
      mlflow.requests.length = 0;
      const res = await request(server()).get(`${base}/churn/endpoints`);
      expect(res.status).toBe(200);
      expect(res.body.endpoints).toHaveLength(4);
      expect(mlflow.requests).toHaveLength(0);
    });

    it('counts a redirect (e.g. to a sign-in page elsewhere) as up, without following it', async () => {
      other.behaviour.redirectTo = 'https://sso.elsewhere.test';
      const res = await request(server()).get(`${base}/docs-site/endpoints`);
      expect(res.status).toBe(200);
      expect(res.body.endpoints).toEqual([
        expect.objectContaining({
          title: 'Docs',
          status: 'up',
          httpStatus: 307,
        }),
      ]);
    });
  });
});
