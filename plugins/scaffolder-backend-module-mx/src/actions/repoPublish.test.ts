import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import { createCliRunner } from '../cli/runner';
import { listFiles } from '../__testUtils__';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createRepoPublishAction } from './repoPublish';
import { readPublishTarget } from '../lib/publishTarget';

describe('mx:repo:publish', () => {
  const root = createMockDirectory();

  const action = (config = new ConfigReader({})) =>
    createRepoPublishAction({
      config,
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      runner: createCliRunner(),
    });

  it('in dry-run reports where it would publish and pushes nothing', async () => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
    await fs.writeFile(`${workspace}/README.md`, '# fraud-detection\n');
    const discovery = mockServices.discovery();
    const base = await discovery.getExternalBaseUrl('mx-git-host');
    const ctx = createMockActionContext({
      input: { name: 'fraud-detection' },
      workspacePath: workspace,
    });
    await runAction(action(), { ...ctx, isDryRun: true });
    expect(outputsOf(ctx)).toEqual({
      remoteUrl: `${base}/repos/fraud-detection.git`,
      repoContentsUrl: `${base}/repos/fraud-detection/tree/main`,
      commitHash: '0000000000000000000000000000000000000000',
    });
    expect(await listFiles(root.path)).toEqual(['workspace/README.md']);
  });

  it.each([
    ['name', '../../etc'],
    ['name', 'x; rm -rf /'],
    ['name', '$(id)'],
    ['name', '-chdir=/'],
    ['defaultBranch', '-c core.hooksPath=/tmp'],
    ['defaultBranch', 'main\nfoo'],
  ])('rejects hostile %s %j with an InputError', async (key, value) => {
    root.clear();
    const ctx = createMockActionContext({
      input: { name: 'fraud-detection', [key]: value },
      workspacePath: root.resolve('workspace'),
    });
    await expect(
      runAction(action(), { ...ctx, isDryRun: true }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('refuses an unknown publish target in config', () => {
    expect(() =>
      readPublishTarget(
        new ConfigReader({ mx: { publish: { target: 'gitlab' } } }),
      ),
    ).toThrow("mx.publish.target must be 'local' or 'github', found 'gitlab'");
  });
});
