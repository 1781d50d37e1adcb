import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleMxActions } from './module';

const MX_ACTIONS = [
  'mx:state:merge',
  'mx:repo:publish',
  'mx:terraform:apply',
  'mx:devspace:deploy',
  'mx:cloudbuild:enable',
  'mx:gpu:locate',
  'mx:answers:resolve',
  'mx:project:derive',
  'mx:manifests:compose',
];

describe('scaffolderModuleMxActions', () => {
  it('registers every mx action with the scaffolder, each with described inputs and an example', async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleMxActions,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            mx: {
              tools: { terraform: { minVersion: '1.5.0', timeoutMinutes: 30 } },
            },
          },
        }),
      ],
    });
    try {
      const address = backend.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const res = await fetch(
        `http://127.0.0.1:${port}/api/scaffolder/v2/actions`,
        {
          headers: { authorization: mockCredentials.user.header() },
        },
      );
      expect(res.status).toBe(200);
      const actions: Array<{
        id: string;
        description?: string;
        examples?: Array<{ description: string; example: string }>;
        schema?: {
          input?: { properties?: Record<string, { description?: string }> };
        };
      }> = await res.json();
      const mx = actions.filter(a => a.id.startsWith('mx:'));
      expect(mx.map(a => a.id)).toEqual(expect.arrayContaining(MX_ACTIONS));
      for (const action of mx) {
        expect(action.description).toBeTruthy();
        expect(action.examples?.length).toBeGreaterThan(0);
        const properties = Object.entries(
          action.schema?.input?.properties ?? {},
        );
        expect(properties.length).toBeGreaterThan(0);
        for (const [name, prop] of properties) {
          expect({
            action: action.id,
            input: name,
            described: Boolean(prop.description),
          }).toEqual({
            action: action.id,
            input: name,
            described: true,
          });
        }
      }
    } finally {
      await backend.stop();
    }
  });
});
