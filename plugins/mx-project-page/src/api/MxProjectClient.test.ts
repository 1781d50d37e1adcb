import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { MxProjectClient } from './MxProjectClient';
import type { MlflowRequestOptions } from './MxProjectApi';

const server = setupServer();
const base = 'http://localhost:7007/api/mx-project';
const project = { namespace: 'default', name: 'churn' };

describe('MxProjectClient', () => {
  registerMswTestHooks(server);

  const client = new MxProjectClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });

  it('reads the state of a project from the mx-project backend', async () => {
    server.use(
      http.get(`${base}/projects/default/churn/state`, () =>
        HttpResponse.json({
          url: 'https://git.example.test/x/.mx/state.yaml',
          state: { kind: 'ProjectState' },
        }),
      ),
    );
    await expect(client.getState(project)).resolves.toMatchObject({
      url: 'https://git.example.test/x/.mx/state.yaml',
      state: { kind: 'ProjectState' },
    });
  });

  it("reads a project's pending plan", async () => {
    server.use(
      http.get(`${base}/projects/default/churn/plan`, () =>
        HttpResponse.json({
          plan: { id: 'p-1', add: 2 },
          applyUrl: '/create/x',
        }),
      ),
    );
    await expect(client.getPendingPlan(project)).resolves.toMatchObject({
      plan: { id: 'p-1', add: 2 },
      applyUrl: '/create/x',
    });
  });

  it('posts a runs search with its paging, sorting and filter, and normalises the MLflow page it gets', async () => {
    let received: unknown;
    server.use(
      http.post(
        `${base}/projects/default/churn/mlflow/runs/search`,
        async ({ request }) => {
          received = await request.json();
          // the backend streams MLflow's own runs page through
          return HttpResponse.json({
            runs: [
              {
                info: {
                  run_id: 'r1',
                  experiment_id: '1',
                  status: 'FINISHED',
                  start_time: '1000',
                  end_time: 4000,
                },
                data: {
                  metrics: [
                    { key: 'rmse', value: 'NaN', timestamp: 1, step: 0 },
                  ],
                  params: [{ key: 'optimizer', value: 'adam' }],
                },
              },
            ],
            next_page_token: 'abc',
          });
        },
      ),
    );
    const page = await client.searchRuns(project, {
      experimentIds: ['1'],
      maxResults: 50,
      pageToken: 'xyz',
      filter: "params.optimizer = 'adam'",
      orderBy: ['metrics.rmse ASC'],
    });
    expect(page.nextPageToken).toBe('abc');
    expect(page.runs).toEqual([
      expect.objectContaining({
        runId: 'r1',
        startTime: 1000,
        durationMs: 3000,
        metrics: { rmse: null },
        params: { optimizer: 'adam' },
        tags: {},
      }),
    ]);
    expect(received).toEqual({
      experimentIds: ['1'],
      maxResults: 50,
      pageToken: 'xyz',
      filter: "params.optimizer = 'adam'",
      orderBy: ['metrics.rmse ASC'],
    });
  });

  it('asks for a metric history by run and key, encoded', async () => {
    server.use(
      http.get(
        `${base}/projects/default/churn/mlflow/metrics/history`,
        ({ request }) => {
          const url = new URL(request.url);
          return HttpResponse.json({
            metrics: [
              {
                key: url.searchParams.get('metricKey'),
                value: 1,
                step: 0,
                timestamp: 0,
                runId: url.searchParams.get('runId'),
              },
            ],
          });
        },
      ),
    );
    const history = await client.getMetricHistory(project, 'r 1', 'val/loss');
    expect(history.metrics[0]).toMatchObject({ key: 'val/loss', runId: 'r 1' });
  });

  // The backend reuses MLflow answers for a few seconds unless asked with no-cache.
  const mlflowCalls: Array<
    [string, 'get' | 'post', string, (o?: MlflowRequestOptions) => unknown]
  > = [
    [
      'searchExperiments',
      'post',
      'experiments/search',
      o => client.searchExperiments(project, { maxResults: 10 }, o),
    ],
    [
      'searchRuns',
      'post',
      'runs/search',
      o => client.searchRuns(project, { experimentIds: ['1'] }, o),
    ],
    [
      'getMetricHistory',
      'get',
      'metrics/history',
      o => client.getMetricHistory(project, 'r1', 'rmse', o),
    ],
    [
      'searchRegisteredModels',
      'get',
      'registered-models',
      o => client.searchRegisteredModels(project, {}, o),
    ],
    [
      'searchModelVersions',
      'get',
      'model-versions',
      o => client.searchModelVersions(project, {}, o),
    ],
  ];

  it.each(mlflowCalls)(
    '%s sends Cache-Control: no-cache with fresh: true, and no such header otherwise',
    async (_name, method, path, call) => {
      const seen: Array<{ cacheControl: string | null; body?: unknown }> = [];
      server.use(
        http[method](
          `${base}/projects/default/churn/mlflow/${path}`,
          async ({ request }) => {
            seen.push({
              cacheControl: request.headers.get('cache-control'),
              body: method === 'post' ? await request.json() : undefined,
            });
            return HttpResponse.json({ runs: [], metrics: [] });
          },
        ),
      );
      await call({ fresh: true });
      await call();
      await call({ fresh: false });
      expect(seen.map(r => r.cacheControl)).toEqual(['no-cache', null, null]);
      // a fresh search still posts its request
      expect(seen[0].body).toEqual(seen[1].body);
    },
  );

  it("throws a ResponseError carrying the backend's explanation", async () => {
    server.use(
      http.get(`${base}/projects/default/churn/endpoints`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message:
                'No entity component:default/churn (or you may not read it)',
            },
            request: {
              method: 'GET',
              url: '/projects/default/churn/endpoints',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const call = client.getEndpoints(project);
    await expect(call).rejects.toBeInstanceOf(ResponseError);
    await expect(call).rejects.toMatchObject({
      statusCode: 404,
      body: {
        error: {
          message: 'No entity component:default/churn (or you may not read it)',
        },
      },
    });
  });
});
