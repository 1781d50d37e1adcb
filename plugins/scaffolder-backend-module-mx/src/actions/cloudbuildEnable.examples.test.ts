import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createCliRunner } from '../cli/runner';
import { writeStandIn } from '../__testUtils__';
import { outputsOf, runAction, seedState } from '../__testUtils__/project';
import { GCLOUD_TRIGGERS_STAND_IN } from '../__testUtils__/standIns';
import { createCloudbuildEnableAction } from './cloudbuildEnable';
import { examples } from './cloudbuildEnable.examples';

describe('mx:cloudbuild:enable examples', () => {
  const root = createMockDirectory();

  it.each(examples)('runs: $description', async example => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
    // gcloud is a stand-in (see ../testUtils/standIns.ts).
    const gcloud = await writeStandIn(
      root.resolve('bin'),
      'gcloud',
      GCLOUD_TRIGGERS_STAND_IN,
    );
    const step = yaml.parse(example.example).steps[0];
    await seedState(path.join(workspace, step.input.targetPath ?? '.'));
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: workspace,
      secrets: { gcpCredentials: 'ya29.example-token' },
    });
    await runAction(
      createCloudbuildEnableAction({
        runner: createCliRunner({ tools: { gcloud: { path: gcloud.path } } }),
      }),
      ctx,
    );
    const out = outputsOf(ctx);
    const viaGcloud = step.input.trigger === 'gcloud';
    expect(out.triggerFile).toBe(
      viaGcloud ? '' : 'infrastructure/terraform/cloudbuild.tf',
    );
    const written = viaGcloud
      ? undefined
      : await fs.readFile(
          path.join(workspace, step.input.outputPath, out.triggerFile),
          'utf8',
        );
    expect(written?.includes('resource "google_cloudbuild_trigger"')).toBe(
      viaGcloud ? undefined : true,
    );
    expect((await gcloud.calls()).map(c => c.argv[2])).toEqual(
      viaGcloud ? ['describe', 'create'] : [],
    );
  });
});
