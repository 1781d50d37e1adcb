import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { MlflowRun, ProjectState } from '@mx-backstage/plugin-mx-common';
import type { MxProjectApi } from '../api';

export const TRACKING_URI = 'https://mlflow.churn.acme.test';

export function mlProject(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'churn',
      namespace: 'default',
      annotations: {
        'backstage.io/source-location':
          'url:https://git.example.test/acme/churn/tree/main/',
        ...annotations,
      },
    },
    spec: {
      type: 'ml-project',
      lifecycle: 'experimental',
      owner: 'group:default/ml-team',
    },
  };
}

export const STATE: ProjectState = {
  apiVersion: 'mx.backstage.io/v1alpha1',
  kind: 'ProjectState',
  project: {
    name: 'churn',
    client: 'Acme Telecom',
    owner: 'group:default/ml-team',
    engineers: ['user:default/ada'],
    gcpProjectId: 'acme-churn-42',
    region: 'europe-west4',
  },
  generators: {
    'ml-project': {
      version: '1.0.0',
      values: {},
      appliedAt: '2026-11-01T09:00:00.000Z',
      appliedBy: 'user:default/ada',
    },
    'deployment-infrastructure': {
      version: '1.2.0',
      values: {},
      appliedAt: '2026-11-20T10:00:00.000Z',
      appliedBy: 'user:default/grace',
    },
  },
  files: {},
  infrastructure: {
    backend: { bucket: 'acme-churn-42-tfstate', prefix: 'mx/churn' },
    lastApply: {
      at: '2026-11-21T08:30:00.000Z',
      by: 'user:default/grace',
      add: 12,
      change: 1,
      destroy: 0,
    },
    outputs: {
      cluster_name: { value: 'churn-gke', type: 'string', sensitive: false },
      data_bucket: {
        value: 'acme-churn-42-data',
        type: 'string',
        sensitive: false,
      },
      artifact_registry: {
        value: 'europe-west4-docker.pkg.dev/acme-churn-42/churn',
        type: 'string',
        sensitive: false,
      },
      db_password: { value: 'hunter2', type: 'string', sensitive: true },
    },
  },
  deployments: {},
};

/** A run as the backend gateway returns it. */
export function run(i: number, overrides: Partial<MlflowRun> = {}): MlflowRun {
  const startTime = Date.UTC(2026, 0, 1) + i * 60_000;
  return {
    runId: `run${String(i).padStart(29, '0')}`,
    runName: `run-${String(i).padStart(5, '0')}`,
    experimentId: '1',
    status: 'FINISHED',
    startTime,
    endTime: startTime + 125_000,
    durationMs: 125_000,
    metrics: { rmse: 0.5 + i / 100, accuracy: 0.9 - i / 1000 },
    params: { optimizer: i % 2 ? 'sgd' : 'adam', learning_rate: '0.01' },
    tags: {},
    ...overrides,
  };
}

/** A backend error as `MxProjectClient` throws it. */
export async function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/x' },
    response: { statusCode: status },
  });
  const headers = new Map([['content-type', 'application/json']]);
  return ResponseError.fromResponse({
    status,
    statusText: status === 404 ? 'Not Found' : 'Error',
    ok: false,
    redirected: false,
    type: 'basic',
    url: 'http://localhost/api/mx-project/x',
    headers: {
      append: () => {},
      delete: () => {},
      get: (k: string) => headers.get(k.toLowerCase()) ?? null,
      has: (k: string) => headers.has(k.toLowerCase()),
      set: () => {},
      forEach: () => {},
    },
    text: async () => body,
  } as unknown as Parameters<typeof ResponseError.fromResponse>[0]);
}

/** An `MxProjectApi` whose methods are jest mocks (unimplemented ones reject). */
export function fakeApi(
  overrides: Partial<MxProjectApi> = {},
): jest.Mocked<MxProjectApi> {
  const notStubbed = (name: string) =>
    jest.fn(async () => {
      throw new Error(`${name} not stubbed`);
    });
  return {
    getState: notStubbed('getState'),
    searchExperiments: notStubbed('searchExperiments'),
    searchRuns: notStubbed('searchRuns'),
    getMetricHistory: notStubbed('getMetricHistory'),
    searchRegisteredModels: notStubbed('searchRegisteredModels'),
    searchModelVersions: notStubbed('searchModelVersions'),
    getEndpoints: notStubbed('getEndpoints'),
    getPendingPlan: notStubbed('getPendingPlan'),
    listGenerators: notStubbed('listGenerators'),
    ...Object.fromEntries(
      Object.entries(overrides).map(([k, v]) => [k, jest.fn(v as never)]),
    ),
  } as unknown as jest.Mocked<MxProjectApi>;
}

/** A pending plan as the backend returns it (`GET .../plan`). */
export const PENDING_PLAN = {
  plan: {
    id: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d',
    project: 'churn',
    entityRef: 'component:default/churn',
    createdAt: '2026-11-28T12:00:00.000Z',
    createdBy: 'user:default/ada',
    commit: '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
    workingDirectory: 'infrastructure/terraform',
    configHash: 'b'.repeat(64),
    stateSerial: 7,
    stateLineage: 'lineage-1',
    planFileSha256: 'c'.repeat(64),
    add: 1,
    change: 1,
    destroy: 1,
    resources: [
      '+ google_storage_bucket.data (create)',
      '~ google_container_node_pool.gpu (update)',
      '- google_storage_bucket.old (destroy)',
    ],
    rendered: [
      'Terraform will perform the following actions:',
      '',
      '  # google_storage_bucket.data will be created',
      '  + resource "google_storage_bucket" "data" {',
      '      + name     = "acme-churn-42-data"',
      '      + location = "EUROPE-WEST4"',
      '    }',
      '',
      'Plan: 1 to add, 1 to change, 1 to destroy.',
    ].join('\n'),
  },
  expiresAt: '2026-11-29T12:00:00.000Z',
  applyUrl: `/create/templates/default/apply-infrastructure?formData=${encodeURIComponent(
    JSON.stringify({
      project: 'component:default/churn',
      planId: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d',
    }),
  )}`,
};
