import { MlflowStandIn, startMlflowStandIn } from '.';

let standIn: MlflowStandIn;

beforeAll(async () => {
  standIn = await startMlflowStandIn({ runs: 2500 });
});
afterEach(() => standIn.reset());
afterAll(() => standIn.close());

async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const url = new URL(`${standIn.url}/api/2.0/mlflow/${path}`);
  if (method === 'GET' && body) {
    for (const [k, v] of Object.entries(body))
      url.searchParams.set(k, String(v));
  }
  const res = await fetch(url, {
    method,
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, res };
}

describe('runs/search', () => {
  it('pages through every matching run and omits the token on the last page', async () => {
    const filter = "metrics.rmse < 1 and params.optimizer = 'adam'";
    const expected = standIn.data.runs.filter(
      r =>
        r.experiment_id === '1' &&
        r.metrics.find(m => m.key === 'rmse')!.value < 1 &&
        r.params.optimizer === 'adam',
    );
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { status, json } = await call('POST', 'runs/search', {
        experiment_ids: ['1'],
        filter,
        max_results: 50,
        page_token: token,
      });
      expect(status).toBe(200);
      seen.push(...(json.runs ?? []).map((r: any) => r.info.run_id));
      token = json.next_page_token;
      pages++;
    } while (token);
    expect(seen.sort()).toEqual(expected.map(r => r.run_id).sort());
    expect(pages).toBe(Math.ceil(expected.length / 50));
  });

  it('orders by a metric and sends int64 timestamps as numbers or strings', async () => {
    const { json } = await call('POST', 'runs/search', {
      // runs alternate over experiments: 1 holds even runs, 2 odd ones
      experiment_ids: ['1', '2'],
      order_by: ['metrics.accuracy DESC'],
      max_results: 20,
    });
    const accuracy = json.runs.map(
      (r: any) => r.data.metrics.find((m: any) => m.key === 'accuracy').value,
    );
    expect(accuracy).toEqual([...accuracy].sort((a, b) => b - a));
    const types = new Set(json.runs.map((r: any) => typeof r.info.start_time));
    expect(types).toEqual(new Set(['number', 'string']));
  });

  it('answers an empty search with no runs field at all, like MLflow', async () => {
    const { status, json } = await call('POST', 'runs/search', {
      experiment_ids: ['404'],
    });
    expect(status).toBe(200);
    expect(json).toEqual({});
  });

  it("rejects max_results over 1000 with MLflow's error body", async () => {
    const { status, json } = await call('POST', 'runs/search', {
      experiment_ids: ['1'],
      max_results: 5000,
    });
    expect(status).toBe(400);
    expect(json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('other endpoints', () => {
  it('searches experiments by name', async () => {
    const { json } = await call('POST', 'experiments/search', {
      filter: "name LIKE '%line'",
    });
    expect(json.experiments.map((e: any) => e.name)).toEqual(['baseline']);
  });

  it('returns a metric history and 404 for an unknown run', async () => {
    const run = standIn.data.runs[4];
    const ok = await call('GET', 'metrics/get-history', {
      run_id: run.run_id,
      metric_key: 'loss',
    });
    expect(ok.json.metrics).toHaveLength(
      standIn.data.history(run.run_id, 'loss')!.length,
    );
    const missing = await call('GET', 'metrics/get-history', {
      run_id: 'nope',
      metric_key: 'loss',
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('lists registered models without their versions, and versions by name', async () => {
    const models = await call('GET', 'registered-models/search');
    expect(models.json.registered_models.map((m: any) => m.name)).toEqual([
      'churn-classifier',
      'demand-forecaster',
      'image-tagger',
    ]);
    expect(models.json.registered_models[0].versions).toBeUndefined();
    const versions = await call('GET', 'model-versions/search', {
      filter: "name = 'image-tagger'",
    });
    expect(versions.json.model_versions).toHaveLength(3);
  });

  it('answers an unknown endpoint 404 ENDPOINT_NOT_FOUND and bad JSON 400', async () => {
    const unknown = await call('GET', 'runs/get');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe('ENDPOINT_NOT_FOUND');
    const res = await fetch(`${standIn.url}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error_code).toBe('MALFORMED_REQUEST');
  });
});

describe('simulated failures', () => {
  it('returns 500 in error mode and HTML in malformed mode', async () => {
    standIn.behaviour.mode = 'error';
    expect((await call('POST', 'runs/search', {})).status).toBe(500);
    standIn.behaviour.mode = 'malformed';
    const html = await call('POST', 'runs/search', {});
    expect(html.status).toBe(200);
    expect(html.text).toContain('<html>');
  });

  it('requires the bearer token when asked and redirects when asked', async () => {
    standIn.behaviour.requireToken = 's3cret';
    expect((await call('POST', 'runs/search', {})).status).toBe(401);
    const authed = await call(
      'POST',
      'runs/search',
      { experiment_ids: ['1'] },
      {
        authorization: 'Bearer s3cret',
      },
    );
    expect(authed.status).toBe(200);
    standIn.reset();
    standIn.behaviour.redirectTo = 'http://example.invalid/';
    const moved = await call('POST', 'runs/search', {});
    expect(moved.status).toBe(307);
    expect(moved.res.headers.get('location')).toBe(
      'http://example.invalid/api/2.0/mlflow/runs/search',
    );
  });

  it('records every request with its body', async () => {
    await call('POST', 'runs/search', { experiment_ids: ['3'] });
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/2.0/mlflow/runs/search',
      body: { experiment_ids: ['3'] },
    });
  });
});
