import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { serializeState } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createCliRunner } from '../cli/runner';
import { writeStandIn } from '../__testUtils__';
import { DEVSPACE_YAML } from '../__testUtils__/fixtures';
import {
  OWNER,
  outputsOf,
  runAction,
  seedState,
  testCatalog,
} from '../__testUtils__/project';
import {
  DEVSPACE_STAND_IN,
  GCLOUD_CREDENTIALS_STAND_IN,
} from '../__testUtils__/standIns';
import { createDevspaceDeployAction } from './devspaceDeploy';
import { examples } from './devspaceDeploy.examples';

describe('mx:devspace:deploy examples', () => {
  const root = createMockDirectory();

  it.each(examples)('runs: $description', async example => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
    const state = await seedState(workspace);
    state.infrastructure.outputs = { cluster_name: 'fraud-detection' };
    await fs.writeFile(
      path.join(workspace, '.mx/state.yaml'),
      serializeState(state),
    );
    await fs.writeFile(path.join(workspace, 'devspace.yaml'), DEVSPACE_YAML);
    // devspace and gcloud are stand-ins (see ../testUtils/standIns.ts).
    const devspace = await writeStandIn(
      root.resolve('bin'),
      'devspace',
      DEVSPACE_STAND_IN,
    );
    const gcloud = await writeStandIn(
      root.resolve('bin'),
      'gcloud',
      GCLOUD_CREDENTIALS_STAND_IN,
    );
    const step = yaml.parse(example.example).steps[0];
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: workspace,
      user: OWNER,
      secrets: {
        gcpCredentials: 'ya29.example-token',
        kubeconfig: 'apiVersion: v1\nkind: Config\ncurrent-context: prod\n',
      },
    });
    await runAction(
      createDevspaceDeployAction({
        runner: createCliRunner({
          tools: {
            devspace: { path: devspace.path },
            gcloud: { path: gcloud.path },
          },
        }),
        catalog: testCatalog(),
        config: new ConfigReader({}),
      }),
      ctx,
    );
    const expected = step.input.deployments ?? [
      'training-infrastructure',
      'cuda-drivers',
      'seldon-core',
    ];
    expect(outputsOf(ctx).deployed).toEqual(expected);
    const deploy = (await devspace.calls()).find(c => c.argv[0] === 'deploy')!;
    expect(deploy.argv).toContain(step.input.namespace ?? 'fraud-detection');
    expect((await gcloud.calls()).length).toBe(
      step.input.kubeconfigSecret ? 0 : 1,
    );
  });
});
