import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { outputsOf, runAction, seedState } from '../__testUtils__/project';
import { createManifestsComposeAction } from './manifestsCompose';
import { examples } from './manifestsCompose.examples';

describe('mx:manifests:compose examples', () => {
  const workspace = createMockDirectory();

  it.each(examples)('runs: $description', async example => {
    workspace.clear();
    const input = yaml.parse(example.example).steps[0].input;
    await seedState(path.join(workspace.path, input.statePath));
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    await runAction(createManifestsComposeAction(), ctx);
    expect(outputsOf(ctx).files).toEqual([
      'devspace.yaml',
      'catalog-info.yaml',
    ]);
    const devspace = fs.readFileSync(
      path.join(workspace.path, input.targetPath, 'devspace.yaml'),
      'utf8',
    );
    expect(yaml.parse(devspace).deployments).toHaveProperty('cuda-drivers');
  });
});
