import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { mxProjectPlugin } from '../plugin';

const template = (
  name: string,
  extra: {
    version?: string;
    type?: string;
    generator?: string;
    annotations?: Record<string, string>;
  } = {},
): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name,
    namespace: 'default',
    title: `The ${name} generator`,
    labels:
      extra.generator === ''
        ? {}
        : { 'mx.backstage.io/generator': extra.generator ?? name },
    annotations: {
      'mx.backstage.io/generator-version': extra.version ?? '1.0.0',
      ...extra.annotations,
    },
  },
  spec: {
    type: extra.type ?? 'ml-project-capability',
    steps: [],
    parameters: [],
  },
});

describe('GET /api/mx-project/generators', () => {
  it('lists every labelled template from the catalog, newest version per generator id', async () => {
    const backend = await startTestBackend({
      features: [
        mxProjectPlugin,
        catalogServiceMock.factory({
          entities: [
            template('cvat-labeling', {
              version: '1.1.0',
              annotations: {
                'mx.backstage.io/requires': 'deployment-infrastructure',
                'mx.backstage.io/changelog': '1.1.0: Disk backups',
              },
            }),
            template('deploy', { type: 'ml-project-operation' }),
            template('venture-feature-store'),
            template('cvat-labeling-old', {
              generator: 'cvat-labeling',
              version: '1.0.0',
            }),
            template('not-a-generator', { generator: '' }),
          ],
        }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    try {
      const res = await request(backend.server).get(
        '/api/mx-project/generators',
      );
      expect(res.status).toBe(200);
      const byId = Object.fromEntries(
        res.body.generators.map((g: { id: string }) => [g.id, g]),
      );
      expect(Object.keys(byId).sort()).toEqual([
        'cvat-labeling',
        'deploy',
        'venture-feature-store',
      ]);
      expect(byId['cvat-labeling']).toMatchObject({
        name: 'cvat-labeling',
        title: 'The cvat-labeling generator',
        version: '1.1.0',
        kind: 'capability',
        requires: ['deployment-infrastructure'],
        changelog: [{ version: '1.1.0', text: 'Disk backups' }],
      });
      expect(byId.deploy.kind).toBe('operation');
    } finally {
      await backend.stop();
    }
  });
});
