import request from 'supertest';
import {
  base,
  TOKEN,
  page,
  useMxProjectBackend,
} from './__testUtils__/mxProjectBackend';

describe('mx-project backend: MLflow gateway', () => {
  const t = useMxProjectBackend();

  describe('MLflow gateway', () => {
    it('lists experiments with timestamps as numbers and tags as a map', async () => {
      const res = await request(t.server())
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
        const res = await request(t.server())
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
      const res = await request(t.server())
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
        ...t.mlflow.data.runs
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
      const expected = t.mlflow.data.runs.filter(
        r =>
          r.experiment_id === '1' &&
          r.metrics.find(m => m.key === 'rmse')!.value < 1 &&
          r.params.optimizer === 'adam',
      ).length;
      expect(expected).toBeGreaterThan(0);
      let total = 0;
      let pageToken: string | undefined;
      do {
        const res = await request(t.server())
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
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({
          experimentIds: ['1', '2', '3', '4'],
          maxResults: 1000,
          filter: "attributes.status = 'FAILED'",
        });
      expect(res.status).toBe(200);
      expect(page(res).runs.length).toBe(
        t.mlflow.data.runs.filter(r => r.status === 'FAILED').length,
      );
      expect(
        new Set(page(res).runs.map((r: { status: string }) => r.status)),
      ).toEqual(new Set(['FAILED']));
    });

    it('returns an empty list (not a missing field) when nothing matches', async () => {
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'], filter: 'metrics.rmse > 1000' });
      expect(res.status).toBe(200);
      expect(page(res)).toEqual({ runs: [] });
    });

    it("passes MLflow's explanation of a bad filter back as a 400", async () => {
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: ['1'], filter: "metrics.rmse < 'low'" });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('INVALID_PARAMETER_VALUE');
      expect(res.body.error.message).toContain('numeric');
    });

    it('rejects a malformed gateway request before calling MLflow', async () => {
      const res = await request(t.server())
        .post(`${base}/churn/mlflow/runs/search`)
        .send({ experimentIds: [], maxResults: 5000 });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('experimentIds');
      expect(t.mlflow.requests).toHaveLength(0);
    });

    it('returns the metric history of a run over its steps', async () => {
      const run = t.mlflow.data.runs[3]; // odd index: MLflow sends its timestamps as strings
      const res = await request(t.server()).get(
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
      const res = await request(t.server()).get(
        `${base}/churn/mlflow/metrics/history?runId=deadbeef&metricKey=rmse`,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain("Run 'deadbeef' not found");
    });

    it('lists registered models and model versions', async () => {
      const models = await request(t.server()).get(
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
      const versions = await request(t.server()).get(
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
      t.mlflow.behaviour.requireToken = TOKEN;
      const ok = await request(t.server())
        .post(`${base}/churn/mlflow/experiments/search`)
        .send({});
      expect(ok.status).toBe(200);
      expect(t.mlflow.requests[0].headers.authorization).toBe(
        `Bearer ${TOKEN}`,
      );

      await request(t.server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(t.other.requests[0].headers.authorization).toBeUndefined();
    });

    it('explains a rejected token as a credentials problem', async () => {
      t.other.behaviour.requireToken = 'something-else';
      const res = await request(t.server())
        .post(`${base}/via-other/mlflow/experiments/search`)
        .send({});
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain('401');
      expect(res.body.error.message).toContain('mx.mlflow.credentials');
    });
  });
});
