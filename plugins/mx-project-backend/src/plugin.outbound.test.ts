import request from 'supertest';
import { normaliseMlflowRunsPage } from '@mx-backstage/plugin-mx-common';
import {
  base,
  TOKEN,
  useMxProjectBackend,
} from './__testUtils__/mxProjectBackend';

describe('mx-project backend: MLflow failures, outbound allowlist and endpoints', () => {
  const t = useMxProjectBackend();

  describe('MLflow failures', () => {
    it('reports an MLflow that is down as unreachable (502)', async () => {
      const res = await request(t.server())
        .post(`${base}/down/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.name).toBe('MlflowUnreachable');
      expect(res.body.error.message).toContain('unreachable');
      expect(res.body.error.message).toContain('ECONNREFUSED');
    });

    it('gives up on a slow MLflow after the configured timeout (504)', async () => {
      t.mlflow.behaviour.mode = 'slow';
      t.mlflow.behaviour.delayMs = 20_000;
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'] });
      expect(res.status).toBe(504);
      expect(res.body.error.message).toContain('did not answer within 1500 ms');
    });

    it('reports an answer that is not MLflow JSON (502)', async () => {
      t.mlflow.behaviour.mode = 'malformed';
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'] });
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain('not MLflow JSON');
      expect(res.body.error.message).toContain('text/html');
    });

    it('reports JSON of the wrong shape (502; a streamed runs page when the page normalises it)', async () => {
      t.mlflow.behaviour.mode = 'wrong-shape';
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain("malformed 'experiments'");
      const runs = await request(t.server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'] });
      expect(runs.status).toBe(200);
      expect(runs.headers['x-mx-mlflow-shape']).toBe('mlflow');
      expect(() => normaliseMlflowRunsPage(runs.body)).toThrow(
        "malformed 'runs'",
      );
    });

    it("passes an MLflow server error's message on (502)", async () => {
      t.mlflow.behaviour.mode = 'error';
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain(
        'INTERNAL_ERROR: database is locked',
      );
    });

    it('says what to add when the project has no tracking URI annotation', async () => {
      const res = await request(t.server())
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
      const res = await request(t.server())
        .post(`${base}/elsewhere/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('mx.mlflow.allowedHosts');
    });

    it.each(['metadata-ip', 'metadata-name'])(
      'refuses the cloud metadata service (%s) even when listed as allowed',
      async name => {
        const res = await request(t.server())
          .post(`${base}/${name}/mlflow/experiments/search`)
          .send({});
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('metadata');
      },
    );

    it('refuses a redirect to a host that is not allowed, without calling it', async () => {
      t.other.behaviour.redirectTo = `http://localhost:${t.mlflow.port}`;
      const res = await request(t.server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('localhost');
      expect(t.mlflow.requests).toHaveLength(0);
    });

    it("follows a redirect within allowed hosts, with that host's own token", async () => {
      t.other.behaviour.redirectTo = t.mlflow.url;
      const res = await request(t.server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(200);
      expect(res.body.experiments).toHaveLength(4);
      expect(t.other.requests[0].headers.authorization).toBeUndefined();
      expect(t.mlflow.requests[0].headers.authorization).toBe(
        `Bearer ${TOKEN}`,
      );
    });
  });

  describe('endpoints', () => {
    it('lists every declared endpoint with its live health', async () => {
      const res = await request(t.server()).get(`${base}/churn/endpoints`);
      expect(res.status).toBe(200);
      const byTitle = Object.fromEntries(
        res.body.endpoints.map((e: { title: string }) => [e.title, e]),
      );
      // Catalog links (consoles, dashboards) stay links: listed apart, never called.
      expect(byTitle['Model endpoint']).toBeUndefined();
      expect(res.body.links).toEqual([
        { title: 'Model endpoint', url: `${t.mlflow.url}/health` },
      ]);
      expect(t.mlflow.requests.filter(r => r.path === '/health')).toHaveLength(
        0,
      );
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
      await request(t.server()).get(`${base}/churn/endpoints`);
      t.mlflow.requests.length = 0;
      const res = await request(t.server()).get(`${base}/churn/endpoints`);
      expect(res.status).toBe(200);
      expect(res.body.endpoints).toHaveLength(4);
      expect(t.mlflow.requests).toHaveLength(0);
    });

    it('counts a redirect (e.g. to a sign-in page elsewhere) as up, without following it', async () => {
      t.other.behaviour.redirectTo = 'https://sso.elsewhere.test';
      const res = await request(t.server()).get(`${base}/docs-site/endpoints`);
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
