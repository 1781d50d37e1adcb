import {
  MlflowStandIn,
  startMlflowStandIn,
} from '@mx-backstage/mlflow-standin';
import { createSafeFetcher } from './safeFetch';
import { OutboundRequestError } from './outboundRules';

describe('createSafeFetcher', () => {
  let standIn: MlflowStandIn;
  beforeAll(async () => {
    standIn = await startMlflowStandIn({ runs: 10 });
  });
  afterAll(() => standIn.close());
  afterEach(() => standIn.reset());

  const options = {
    timeoutMs: 2000,
    maxResponseBytes: 1024 * 1024,
  };

  it('connects to the address it checked (an allowed name resolved by the resolver)', async () => {
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: ['mlflow.acme.test'],
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const res = await fetcher(
      `http://mlflow.acme.test:${standIn.port}/health`,
      {
        method: 'GET',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('OK');
  });

  it('refuses an allowed name that resolves to the metadata address', async () => {
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: ['mlflow.acme.test'],
      resolver: async () => [{ address: '169.254.169.254', family: 4 }],
    });
    const call = fetcher('http://mlflow.acme.test/', { method: 'GET' });
    await expect(call).rejects.toBeInstanceOf(OutboundRequestError);
    await expect(call).rejects.toMatchObject({
      kind: 'blocked-address',
      message: expect.stringContaining('resolves to 169.254.169.254'),
    });
  });

  it('resolves a name once per burst, still refusing a cached answer that is a metadata address', async () => {
    let lookups = 0;
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: ['mlflow.acme.test'],
      keepAlive: false,
      resolver: async () => {
        lookups++;
        return [{ address: '169.254.169.254', family: 4 }];
      },
    });
    for (let i = 0; i < 3; i++) {
      await expect(
        fetcher('http://mlflow.acme.test/', { method: 'GET' }),
      ).rejects.toMatchObject({ kind: 'blocked-address' });
    }
    expect(lookups).toBe(1);
  });

  it('reuses one connection for a burst of calls and still checks every URL against the allowlist', async () => {
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: [`127.0.0.1:${standIn.port}`],
    });
    for (let i = 0; i < 3; i++) {
      const res = await fetcher(`${standIn.url}/health`, { method: 'GET' });
      expect(res.status).toBe(200);
    }
    const ports = new Set(standIn.requests.map(r => r.remotePort));
    expect(ports.size).toBe(1);
    await expect(
      fetcher(`http://localhost:${standIn.port}/health`, { method: 'GET' }),
    ).rejects.toMatchObject({ kind: 'not-allowed' });
  });

  it('refuses a redirect that leaves the allowed hosts, and never calls the target', async () => {
    const target = await startMlflowStandIn({ runs: 1 });
    try {
      standIn.behaviour.redirectTo = `http://evil.acme.test:${target.port}`;
      const fetcher = createSafeFetcher({
        ...options,
        allowedHosts: ['127.0.0.1'],
        resolver: async () => [{ address: '127.0.0.1', family: 4 }],
      });
      await expect(
        fetcher(`${standIn.url}/api/2.0/mlflow/experiments/search`, {
          method: 'POST',
          body: '{}',
        }),
      ).rejects.toMatchObject({ kind: 'not-allowed' });
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('stops following a redirect loop', async () => {
    standIn.behaviour.redirectTo = standIn.url;
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: ['127.0.0.1'],
    });
    await expect(
      fetcher(`${standIn.url}/x`, { method: 'GET' }),
    ).rejects.toMatchObject({
      kind: 'too-many-redirects',
    });
  });

  it('aborts an answer larger than the limit', async () => {
    standIn.behaviour.mode = 'huge';
    standIn.behaviour.hugeBytes = 4 * 1024 * 1024;
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: ['127.0.0.1'],
    });
    await expect(
      fetcher(`${standIn.url}/api/2.0/mlflow/experiments/search`, {
        method: 'POST',
        body: '{}',
      }),
    ).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('streams an answer as it arrives, cutting it off at the same size limit', async () => {
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: ['127.0.0.1'],
    });
    const read = async (stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    };
    const ok = await fetcher(`${standIn.url}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      body: JSON.stringify({ experiment_ids: ['1'], max_results: 3 }),
      stream: true,
    });
    expect(JSON.parse(await read(ok.stream!)).runs).toHaveLength(3);

    standIn.behaviour.mode = 'huge';
    standIn.behaviour.hugeBytes = 4 * 1024 * 1024;
    const huge = await fetcher(`${standIn.url}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      body: '{}',
      stream: true,
    });
    await expect(read(huge.stream!)).rejects.toMatchObject({
      kind: 'too-large',
    });
  });

  it('refuses non-http schemes', async () => {
    const fetcher = createSafeFetcher({
      ...options,
      allowedHosts: ['127.0.0.1'],
    });
    await expect(
      fetcher('file:///etc/passwd', { method: 'GET' }),
    ).rejects.toMatchObject({
      kind: 'not-allowed',
    });
  });
});
