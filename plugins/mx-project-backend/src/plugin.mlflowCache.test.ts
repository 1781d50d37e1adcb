import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  base,
  OUTSIDER,
  page,
  useMxProjectBackend,
} from './__testUtils__/mxProjectBackend';

/** The gateway's answer cache, seen from the routes: what a page and its users notice. */
describe('mx-project backend: MLflow answers reused within their TTL', () => {
  const t = useMxProjectBackend({ mlflowCacheTtlSeconds: 60 });
  const runsSearches = () =>
    t.mlflow.requests.filter(r => r.path.endsWith('/runs/search')).length;
  // Each test asks for its own page size, so no test sees another's stored answer.
  const runsRequest = (maxResults: number) => ({
    experimentIds: ['1', '2'],
    maxResults,
    orderBy: ['metrics.rmse ASC'],
  });

  it('answers the same read of the same project again without asking MLflow', async () => {
    const body = runsRequest(7);
    const first = await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .send(body);
    expect(first.status).toBe(200);
    expect(first.headers['x-mx-cache']).toBe('miss');
    expect(runsSearches()).toBe(1);

    const again = await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .send(body);
    expect(again.status).toBe(200);
    expect(again.headers['x-mx-cache']).toBe('hit');
    expect(Number(again.headers.age)).toBeGreaterThanOrEqual(0);
    expect(again.headers['x-mx-mlflow-shape']).toBe('mlflow');
    expect(again.headers['cache-control']).toBe('no-store'); // the browser keeps nothing
    expect(page(again)).toEqual(page(first));
    expect(page(again).runs).toHaveLength(7);
    expect(runsSearches()).toBe(1); // MLflow was asked once

    // Another page of the same project is another read.
    const other = await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .send({ ...body, filter: "params.optimizer = 'adam'" });
    expect(other.headers['x-mx-cache']).toBe('miss');
    expect(runsSearches()).toBe(2);
  });

  it('asks MLflow again on Cache-Control: no-cache (the page Refresh) and keeps the new answer', async () => {
    const body = runsRequest(8);
    await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .send(body);
    const fresh = await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .set('cache-control', 'no-cache')
      .send(body);
    expect(fresh.status).toBe(200);
    expect(fresh.headers['x-mx-cache']).toBe('bypass');
    expect(page(fresh).runs).toHaveLength(8);
    expect(runsSearches()).toBe(2);

    const after = await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .send(body);
    expect(after.headers['x-mx-cache']).toBe('hit');
    expect(runsSearches()).toBe(2);
  });

  it("checks the caller's access on every read: a stored answer never reaches a caller who may not read the project", async () => {
    const body = runsRequest(9);
    const mine = await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .send(body);
    expect(mine.status).toBe(200);

    const outsider = await request(t.server())
      .post(`${base}/churn/mlflow/runs/search`)
      .set('authorization', mockCredentials.user.header(OUTSIDER))
      .send(body);
    expect(outsider.status).toBe(404);
    expect(JSON.stringify(outsider.body)).not.toContain('run_id');
    expect(runsSearches()).toBe(1);
  });

  it('never keeps an error: the next read asks MLflow again', async () => {
    t.mlflow.behaviour.mode = 'error';
    const failed = await request(t.server()).get(
      `${base}/churn/mlflow/registered-models?maxResults=3`,
    );
    expect(failed.status).toBe(502);
    t.mlflow.reset();

    const ok = await request(t.server()).get(
      `${base}/churn/mlflow/registered-models?maxResults=3`,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers['x-mx-cache']).toBe('miss');
    expect(ok.body.registeredModels.length).toBeGreaterThan(0);
    expect(t.mlflow.requests).toHaveLength(1);
  });

  it('reuses normalised answers too (metric history of a run)', async () => {
    const run = t.mlflow.data.runs[42];
    const url = `${base}/churn/mlflow/metrics/history?runId=${run.run_id}&metricKey=rmse`;
    const first = await request(t.server()).get(url);
    const again = await request(t.server()).get(url);
    expect([first.headers['x-mx-cache'], again.headers['x-mx-cache']]).toEqual([
      'miss',
      'hit',
    ]);
    expect(again.body).toEqual(first.body);
    expect(again.body.metrics.length).toBeGreaterThan(0);
    expect(
      t.mlflow.requests.filter(r => r.path.endsWith('/metrics/get-history')),
    ).toHaveLength(1);
  });
});
