import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createCliRunner } from '../cli/runner';
import {
  GrowTestGitServer,
  git,
  startGrowTestGitServer,
} from '../lib/growTestGitServer';
import { outputsOf } from '../lib/growTestFixtures';
import { createRepoPushAction } from './repoPush';
import { examples } from './repoPush.examples';

// Real git over HTTP: each step spawns several git processes.
jest.setTimeout(30_000);

describe('mx:repo:push examples', () => {
  const mockDir = createMockDirectory();
  let server: GrowTestGitServer;
  beforeAll(async () => {
    server = await startGrowTestGitServer({
      root: mockDir.resolve('hosts'),
      githubToken: 'ghs_examplesToken123',
    });
  });
  afterAll(() => server.stop());

  it.each(examples.map((e, i) => [e.description, e, i] as const))(
    '%s',
    async (_d, example, i) => {
      const step = yaml.parse(example.example).steps[0];
      const input = {
        ...step.input,
        description: '## Generator `distributed-training`',
      };
      const bare = await server.createRepo('github', `acme/example-${i}`, {
        'README.md': 'hi\n',
      });
      const ws = mockDir.resolve(`ws-${i}`);
      await fs.mkdir(ws, { recursive: true });
      const repo = path.join(ws, input.targetPath ?? 'repo');
      await git(ws, ['clone', '--quiet', bare, repo]);
      await git(repo, [
        'remote',
        'set-url',
        'origin',
        `${server.baseUrl}/acme/example-${i}.git`,
      ]);
      await fs.writeFile(
        path.join(repo, 'devspace.yaml'),
        'version: v2beta1\n',
      );

      const action = createRepoPushAction({
        config: new ConfigReader({
          mx: { publish: { target: 'github' } },
          integrations: {
            github: [
              {
                host: new URL(server.baseUrl).host,
                apiBaseUrl: `${server.baseUrl}/api/v3`,
                token: 'ghs_examplesToken123',
              },
            ],
          },
        }),
        auth: mockServices.auth(),
        runner: createCliRunner(),
      });
      const ctx = createMockActionContext({ input, workspacePath: ws });
      await action.handler(ctx);
      const out = outputsOf(ctx);
      expect(out.changed).toBe(true);
      expect(out.branchName).toBe(
        input.branchName ?? 'mx/add-distributed-training',
      );
      expect(server.pullRequests.at(-1)!.body.title).toBe(
        input.title ?? input.commitMessage,
      );
    },
  );
});
