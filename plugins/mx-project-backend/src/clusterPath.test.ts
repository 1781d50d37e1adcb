import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotFoundError } from '@backstage/errors';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mxProjectClusterTokenExtensionPoint, mxProjectPlugin } from './plugin';
import {
  MlflowStandIn,
  startMlflowStandIn,
} from '@mx-backstage/mlflow-standin';
import {
  KubernetesApiStandIn,
  selfSignedCertificate,
  startKubernetesApiStandIn,
} from './testing/kubernetesApiStandIn';
import { VALID_STATE_YAML, projectEntity } from './testing/fixtures';

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

const CLUSTER_TOKEN = 'cluster-token-from-gcloud';

/** The state after `mx:terraform:apply` recorded the ml-project outputs (bare values). */
function stateWithCluster(endpoint: string, caPem?: string) {
  return VALID_STATE_YAML.replace(
    '  outputs:\n',
    `  outputs:\n    cluster_endpoint: ${JSON.stringify(endpoint)}\n${
      caPem
        ? `    cluster_ca_certificate: ${JSON.stringify(
            Buffer.from(caPem).toString('base64'),
          )}\n`
        : ''
    }    cluster_location: europe-west4\n`,
  ).replace(
    'deployments: {}',
    'deployments:\n  training-infrastructure:\n    generator: ml-project\n',
  );
}

describe('MLflow of a created project, through the cluster API service proxy', () => {
  let mlflow: MlflowStandIn;
  let cluster: KubernetesApiStandIn; // serves mlflow/mlflow:5000
  let emptyCluster: KubernetesApiStandIn; // training-infrastructure not deployed
  let backend: Backend;
  const base = '/api/mx-project/projects/default';

  beforeAll(async () => {
    mlflow = await startMlflowStandIn({ runs: 500 });
    const tls = selfSignedCertificate();
    cluster = await startKubernetesApiStandIn({
      token: CLUSTER_TOKEN,
      tls,
      services: [
        {
          namespace: 'mlflow',
          name: 'mlflow',
          ports: { http: 5000 },
          target: mlflow.url,
        },
      ],
    });
    emptyCluster = await startKubernetesApiStandIn({
      token: CLUSTER_TOKEN,
      services: [],
    });
    const host = (u: string) => new URL(u).host;
    const files: Record<string, string> = {
      deployed: stateWithCluster(
        // GKE records a bare address; the https URL is derived
        host(cluster.url),
        tls.cert,
      ),
      'not-deployed': stateWithCluster(emptyCluster.url),
      'not-applied': VALID_STATE_YAML,
      'unlisted-cluster': stateWithCluster('https://34.1.2.3'),
      'metadata-cluster': stateWithCluster('169.254.169.254'),
      'wrong-ca': stateWithCluster(
        host(cluster.url),
        selfSignedCertificate().cert,
      ),
    };
    const inMemory = catalogServiceMock({
      entities: [
        ...Object.keys(files).map(name => projectEntity(name)),
        projectEntity('external', {
          'mx.backstage.io/mlflow-tracking-uri': mlflow.url,
        }),
      ],
    });
    const catalog = catalogServiceMock.mock({
      getEntityByRef: async ref => inMemory.getEntityByRef(ref),
    });
    const urlReader = mockServices.urlReader.mock({
      readUrl: async url => {
        const m = /acme\/([^/]+)\/tree\/main\/\.mx\/state\.yaml$/.exec(url);
        if (!m || !(m[1] in files)) throw new NotFoundError(`${url} not found`);
        return { buffer: async () => Buffer.from(files[m[1]]) };
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
              mlflow: { allowedHosts: ['127.0.0.1'], timeoutMs: 3000 },
              kubernetes: {
                allowedHosts: ['127.0.0.1', '169.254.169.254'],
                // stands in for `gcloud auth print-access-token`
                tokenCommand: [
                  process.execPath,
                  '-e',
                  `console.log(${JSON.stringify(CLUSTER_TOKEN)})`,
                ],
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend.stop();
    await cluster.close();
    await emptyCluster.close();
    await mlflow.close();
  });

  const search = (name: string) =>
    request(backend.server)
      .post(`${base}/${name}/mlflow/experiments/search`)
      .set('authorization', mockCredentials.user.header())
      .send({});

  it('lists experiments, runs and models of a project with no annotation, privately', async () => {
    mlflow.reset();
    const experiments = await search('deployed');
    expect(experiments.status).toBe(200);
    expect(experiments.body.experiments.map((e: any) => e.name)).toEqual(
      mlflow.data.experiments.map(e => e.name),
    );
    const runs = await request(backend.server)
      .post(`${base}/deployed/mlflow/runs/search`)
      .set('authorization', mockCredentials.user.header())
      .send({
        experimentIds: experiments.body.experiments.map(
          (e: any) => e.experimentId,
        ),
        maxResults: 5,
      });
    expect(runs.status).toBe(200);
    expect(runs.body.runs).toHaveLength(5);
    const models = await request(backend.server)
      .get(`${base}/deployed/mlflow/registered-models`)
      .set('authorization', mockCredentials.user.header());
    expect(models.status).toBe(200);
    expect(models.body.registeredModels.length).toBeGreaterThan(0);

    // Through the service proxy path, with the cluster token, which MLflow itself never sees.
    expect(cluster.requests.map(r => r.path)).toContain(
      '/api/v1/namespaces/mlflow/services/mlflow:5000/proxy/api/2.0/mlflow/runs/search',
    );
    expect(cluster.requests.every(r => r.authorized)).toBe(true);
    expect(mlflow.requests.length).toBeGreaterThanOrEqual(3);
    expect(mlflow.requests.every(r => !r.headers.authorization)).toBe(true);
  });

  it('says to deploy training-infrastructure when the cluster has no MLflow service', async () => {
    const res = await search('not-deployed');
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('MlflowNotDeployed');
    expect(res.body.error.message).toMatch(
      /deploy training-infrastructure with the Deploy template/,
    );
    expect(res.body.error.message).toContain('services "mlflow" not found');
  });

  it('says to apply the infrastructure first when the state records no cluster', async () => {
    const res = await search('not-applied');
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('MlflowNotDeployed');
    expect(res.body.error.message).toMatch(/Apply infrastructure template/);
    expect(res.body.error.message).not.toMatch(/annotation/);
  });

  it('never sends the token to a cluster endpoint that is not allowed', async () => {
    const before = cluster.requests.length;
    const res = await search('unlisted-cluster');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/mx\.kubernetes\.allowedHosts/);
    expect(cluster.requests.length).toBe(before);
  });

  it('refuses a metadata address as a cluster endpoint even when listed', async () => {
    const res = await search('metadata-cluster');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/metadata/);
  });

  it('refuses a cluster whose certificate is not the recorded CA', async () => {
    const res = await search('wrong-ca');
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/unreachable/);
  });

  it('lists the in-cluster MLflow as a served endpoint, checked through the service proxy', async () => {
    const up = await request(backend.server)
      .get(`${base}/deployed/endpoints`)
      .set('authorization', mockCredentials.user.header());
    expect(up.status).toBe(200);
    expect(up.body.endpoints).toContainEqual(
      expect.objectContaining({
        title: 'MLflow (in-cluster, private)',
        source: 'cluster',
        status: 'up',
      }),
    );
    expect(cluster.requests.map(r => r.path)).toContain(
      '/api/v1/namespaces/mlflow/services/mlflow:5000/proxy/health',
    );
    const down = await request(backend.server)
      .get(`${base}/not-deployed/endpoints`)
      .set('authorization', mockCredentials.user.header());
    expect(down.body.endpoints).toContainEqual(
      expect.objectContaining({
        title: 'MLflow (in-cluster, private)',
        status: 'down',
        message: expect.stringMatching(/Deploy template/),
      }),
    );
  });

  it('keeps the annotation path for a project that names an external tracking server', async () => {
    const before = cluster.requests.length;
    const res = await search('external');
    expect(res.status).toBe(200);
    expect(cluster.requests.length).toBe(before);
  });
});

describe('the cluster token seam (extension point)', () => {
  it('sends the token a module provides, for the project it asks about', async () => {
    const mlflow = await startMlflowStandIn({ runs: 10 });
    const cluster = await startKubernetesApiStandIn({
      token: 'per-project-token',
      services: [
        {
          namespace: 'mlflow',
          name: 'mlflow',
          ports: { http: 5000 },
          target: mlflow.url,
        },
      ],
    });
    const asked: string[] = [];
    const tokens = createBackendModule({
      pluginId: 'mx-project',
      moduleId: 'test-cluster-token',
      register(env) {
        env.registerInit({
          deps: { seam: mxProjectClusterTokenExtensionPoint },
          async init({ seam }) {
            seam.setClusterTokenProvider({
              async token({ entity }) {
                asked.push(entity.metadata.name);
                return 'per-project-token';
              },
            });
          },
        });
      },
    });
    const inMemory = catalogServiceMock({
      entities: [projectEntity('deployed')],
    });
    const backend = await startTestBackend({
      features: [
        mxProjectPlugin,
        tokens,
        catalogServiceMock.mock({
          getEntityByRef: async ref => inMemory.getEntityByRef(ref),
        }).factory,
        mockServices.urlReader.mock({
          readUrl: async () => ({
            buffer: async () => Buffer.from(stateWithCluster(cluster.url)),
          }),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            mx: {
              kubernetes: {
                allowedHosts: ['127.0.0.1'],
                tokenCommand: ['false'], // never run: the module's provider wins
              },
            },
          },
        }),
      ],
    });
    try {
      const res = await request(backend.server)
        .post(
          '/api/mx-project/projects/default/deployed/mlflow/experiments/search',
        )
        .set('authorization', mockCredentials.user.header())
        .send({});
      expect(res.status).toBe(200);
      expect(asked).toEqual(['deployed']);
      expect(cluster.requests.every(r => r.authorized)).toBe(true);
    } finally {
      await backend.stop();
      await cluster.close();
      await mlflow.close();
    }
  });
});
