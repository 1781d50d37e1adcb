import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createCliRunner } from '../cli/runner';
import {
  GrowTestGitServer,
  startGrowTestGitServer,
} from '../__testUtils__/gitServer';
import {
  outputsOf,
  projectEntity,
  projectStateText,
} from '../__testUtils__/growFixtures';
import { createRepoCheckoutAction } from './repoCheckout';
import { examples } from './repoCheckout.examples';

// Real git over HTTP: each step spawns several git processes.
jest.setTimeout(30_000);

describe('mx:repo:checkout examples', () => {
  const mockDir = createMockDirectory();
  let server: GrowTestGitServer;
  beforeAll(async () => {
    server = await startGrowTestGitServer({
      root: mockDir.resolve('hosts'),
      githubToken: 'unused-token',
    });
    await server.createRepo('local', 'fraud-detection', {
      '.mx/state.yaml': projectStateText(),
    });
  });
  afterAll(() => server.stop());

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      const input = {
        ...step.input,
        // The form's project picker fills this in at run time.
        entityRef: String(step.input.entityRef).startsWith('${{')
          ? 'component:default/fraud-detection'
          : step.input.entityRef,
      };
      const action = createRepoCheckoutAction({
        catalog: catalogServiceMock({
          entities: [
            projectEntity({
              'backstage.io/managed-by-location': `url:${server.baseUrl}/api/mx-git-host/repos/fraud-detection/blob/main/catalog-info.yaml`,
            }),
          ],
        }),
        config: new ConfigReader({}),
        runner: createCliRunner(),
      });
      const ctx = createMockActionContext({
        input,
        workspacePath: mockDir.resolve(
          `ws-${Math.random().toString(36).slice(2)}`,
        ),
      });
      await action.handler(ctx);
      expect(outputsOf(ctx)).toMatchObject({
        branch: 'main',
        repoPath: input.targetPath ?? 'repo',
        project: { gcpProjectId: 'acme-fraud-42' },
      });
    },
  );
});
