import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createCliRunner } from '../cli/runner';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createRepoPublishAction } from './repoPublish';
import { examples } from './repoPublish.examples';

describe('mx:repo:publish examples', () => {
  const root = createMockDirectory();

  // Publishing itself needs the local git host plugin; the examples run as a dry-run here.
  it.each(examples)('runs (dry-run): $description', async example => {
    root.clear();
    const step = yaml.parse(example.example).steps[0];
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: root.resolve('workspace'),
    });
    await runAction(
      createRepoPublishAction({
        config: new ConfigReader({}),
        auth: mockServices.auth(),
        discovery: mockServices.discovery(),
        runner: createCliRunner(),
      }),
      { ...ctx, isDryRun: true },
    );
    expect(outputsOf(ctx).remoteUrl).toMatch(
      new RegExp(`/repos/${step.input.name}\\.git$`),
    );
  });
});
