import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotFoundError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normaliseMlflowRunsPage } from '@mx-backstage/plugin-mx-common';
import { mxProjectPlugin } from '../plugin';
import {
  MlflowStandIn,
  startMlflowStandIn,
} from '@mx-backstage/mlflow-standin';
import {
  INVALID_STATE_YAML,
  VALID_STATE_YAML,
  projectEntity,
} from '../testing/fixtures';

/** The base path of the project routes. */
export const base = '/api/mx-project/projects/default';

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

/** A runs answer as the page's API client reads it: MLflow's JSON, normalised. */
export function page(res: { body: unknown; headers: Record<string, string> }) {
  expect(res.headers['x-mx-mlflow-shape']).toBe('mlflow');
  return normaliseMlflowRunsPage(res.body);
}

export const OUTSIDER = 'user:default/outsider';
export const TOKEN = 'stand-in-token';

/** A port on 127.0.0.1 with nothing listening: an MLflow that is down. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>(r => s.close(() => r()));
  return port;
}

/**
 * Starts the mx-project t.backend for a test file (startTestBackend, a catalog of test projects,
 * two MLflow stand-ins and a closed port), with jest hooks; the returned object's fields are set
 * once `beforeAll` ran.
 */
export function useMxProjectBackend(
  settings: {
    /**
     * `mx.mlflow.cacheTtlSeconds`. Default 0 here: most tests change the stand-in's behaviour
     * between calls and must see every call reach it (the answer cache has its own tests).
     */
    mlflowCacheTtlSeconds?: number;
  } = {},
) {
  const t = {} as {
    mlflow: MlflowStandIn; // the stand-in tracking server of most projects
    other: MlflowStandIn; // a second stand-in on another port
    backend: Backend;
    downPort: number;
    plansDir: string;
    server: () => Backend['server'];
  };
  t.plansDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-plans-test-'));
  t.server = () => t.backend.server;

  beforeAll(async () => {
    t.mlflow = await startMlflowStandIn({ runs: 10_000 });
    t.other = await startMlflowStandIn({ runs: 10 });
    t.downPort = await closedPort();

    const entities: Entity[] = [
      projectEntity(
        'churn',
        {
          'mx.backstage.io/mlflow-tracking-uri': t.mlflow.url,
          'mx.backstage.io/endpoints': `Labeling tool=http://127.0.0.1:${t.downPort}/`,
        },
        [{ url: `${t.mlflow.url}/health`, title: 'Model endpoint' }],
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
        'mx.backstage.io/mlflow-tracking-uri': `http://127.0.0.1:${t.downPort}`,
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
        'mx.backstage.io/mlflow-tracking-uri': t.other.url,
      }),
      projectEntity('docs-site', {
        'mx.backstage.io/endpoints': `Docs=${t.other.url}/sign-in-first`,
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

    t.backend = await startTestBackend({
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
                cacheTtlSeconds: settings.mlflowCacheTtlSeconds ?? 0,
                credentials: [
                  { host: `127.0.0.1:${t.mlflow.port}`, token: TOKEN },
                ],
              },
              endpoints: { timeoutMs: 1000 },
              terraform: {
                planMaxAge: '12h',
                planStore: { type: 'local', directory: t.plansDir },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    fs.rmSync(t.plansDir, { recursive: true, force: true });
    await t.backend.stop();
    await t.mlflow.close();
    await t.other.close();
  });

  afterEach(() => {
    t.mlflow.reset();
    t.other.reset();
  });

  return t;
}
