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
import { createFakeGithub } from '../__testUtils__/fakeGithubApi';
import { git } from '../__testUtils__/gitServer';
import { outputsOf } from '../__testUtils__/growFixtures';
import { createRepoPushAction } from './repoPush';
import { examples } from './repoPush.examples';

// Real git for the checkout; the GitHub API is the msw fake.
jest.setTimeout(60_000);

describe('mx:repo:push examples', () => {
  const mockDir = createMockDirectory();

  it.each(examples.map((e, i) => [e.description, e, i] as const))(
    '%s',
    async (_d, example, i) => {
      const step = yaml.parse(example.example).steps[0];
      const input = {
        ...step.input,
        description: '## Generator `distributed-training`',
      };
      const fake = createFakeGithub({ owner: 'acme', repo: `example-${i}` });
      fake.server.listen({ onUnhandledRequest: 'error' });
      try {
        const ws = mockDir.resolve(`ws-${i}`);
        const repo = path.join(ws, input.targetPath ?? 'repo');
        await fs.mkdir(repo, { recursive: true });
        await git(repo, ['init', '--quiet', '--initial-branch=main']);
        await fs.writeFile(path.join(repo, 'README.md'), 'hi\n');
        await git(repo, ['add', '--all']);
        await git(repo, [
          '-c',
          'user.name=t',
          '-c',
          'user.email=t@example.com',
          'commit',
          '--quiet',
          '-m',
          'init',
        ]);
        await git(repo, ['remote', 'add', 'origin', fake.remoteUrl]);
        fake.addCommit(
          (await git(repo, ['rev-parse', 'HEAD'])).trim(),
          (await git(repo, ['rev-parse', 'HEAD^{tree}'])).trim(),
        );
        await fs.writeFile(
          path.join(repo, 'devspace.yaml'),
          'version: v2beta1\n',
        );

        const action = createRepoPushAction({
          config: new ConfigReader({
            mx: { publish: { target: 'github' } },
            integrations: { github: [fake.integrationConfig] },
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
        expect(fake.pulls.at(-1)!.title).toBe(
          input.title ?? input.commitMessage,
        );
      } finally {
        fake.server.close();
      }
    },
  );
});
