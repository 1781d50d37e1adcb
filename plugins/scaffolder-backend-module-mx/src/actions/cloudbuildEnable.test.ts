import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import {
  captureLogger,
  filesContaining,
  listFiles,
  writeStandIn,
} from '../__testUtils__';
import {
  STATE_FILE_PATH,
  mergeState,
  serializeState,
} from '@mx-backstage/plugin-mx-common';
import { outputsOf, runAction, seedState } from '../__testUtils__/project';
import { GCLOUD_TRIGGERS_STAND_IN } from '../__testUtils__/standIns';
import { createCloudbuildEnableAction } from './cloudbuildEnable';

jest.setTimeout(60_000);

describe('mx:cloudbuild:enable', () => {
  const root = createMockDirectory();
  let workspace: string;
  let gcloud: Awaited<ReturnType<typeof writeStandIn>>;

  beforeEach(async () => {
    root.clear();
    workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
    await seedState(workspace);
    gcloud = await writeStandIn(
      root.resolve('bin'),
      'gcloud',
      GCLOUD_TRIGGERS_STAND_IN,
    );
  });

  const action = () =>
    createCloudbuildEnableAction({
      runner: createCliRunner({ tools: { gcloud: { path: gcloud.path } } }),
    });

  async function run(
    input: Record<string, unknown>,
    extra: { secrets?: Record<string, string>; isDryRun?: boolean } = {},
  ) {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace,
      logger: log.logger,
      secrets: extra.secrets,
    });
    await runAction(action(), { ...ctx, isDryRun: extra.isDryRun });
    return { out: outputsOf(ctx), log };
  }

  it("lists cloudbuild.yaml's steps from the state and writes no cloudbuild.yaml", async () => {
    const state = await seedState(workspace);
    const withCi = mergeState(state, {
      generator: { id: 'cloudbuild', version: '1.0.0' },
      values: { steps: ['image', 'test'] },
      initiator: 'user:default/ada',
      now: new Date('2026-11-28T11:00:00.000Z'),
    }).state;
    await fs.writeFile(
      path.join(workspace, STATE_FILE_PATH),
      serializeState(withCi),
    );
    const { out } = await run({ trigger: 'none' });
    expect(out.steps).toEqual(['mx-image-build', 'mx-test', 'mx-image-push']);
    expect(await listFiles(workspace)).not.toContain('cloudbuild.yaml');
  });

  it('writes the trigger into the rendered tree when given one', async () => {
    const { out } = await run({
      githubOwner: 'acme-ml',
      outputPath: 'rendered',
    });
    expect(out.triggerFile).toBe('infrastructure/terraform/cloudbuild.tf');
    expect(await listFiles(workspace)).toContain(
      'rendered/infrastructure/terraform/cloudbuild.tf',
    );
  });

  it('adds the trigger as Terraform that terraform fmt accepts and an HCL parser reads', async () => {
    const { out } = await run({
      githubOwner: 'acme-ml',
      branch: 'release/v1.2',
    });
    expect(out.triggerFile).toBe('infrastructure/terraform/cloudbuild.tf');
    const tfFile = path.join(workspace, out.triggerFile);
    const fmt = await createCliRunner().run({
      command: 'terraform',
      args: ['fmt', '-check', '-diff', 'cloudbuild.tf'],
      cwd: path.dirname(tfFile),
      env: { CHECKPOINT_DISABLE: '1' },
      allowFailure: true,
    });
    expect(fmt).toMatchObject({ exitCode: 0, stdout: '' });
    const hcl = (await parseHcl(
      'cloudbuild.tf',
      await fs.readFile(tfFile, 'utf8'),
    )) as any;
    const trigger =
      hcl.resource.google_cloudbuild_trigger.mx_fraud_detection[0];
    expect(trigger).toMatchObject({
      project: 'acme-fraud-42',
      location: 'global',
      name: 'fraud-detection-release-v1-2',
      filename: 'cloudbuild.yaml',
    });
    expect(trigger.github[0]).toMatchObject({
      owner: 'acme-ml',
      name: 'fraud-detection',
    });
    expect(trigger.github[0].push[0].branch).toBe('^release/v1\\.2$');
    expect(await gcloud.calls()).toEqual([]);
  });

  it('creates the trigger with gcloud once, with credentials by file only and redacted', async () => {
    const secret = 'ya29.mx-cloudbuild-token-41c2d9';
    const first = await run(
      {
        trigger: 'gcloud',
        githubOwner: 'acme-ml',
        credentialsSecret: 'gcp',
      },
      { secrets: { gcp: secret } },
    );
    await run(
      {
        trigger: 'gcloud',
        githubOwner: 'acme-ml',
        credentialsSecret: 'gcp',
      },
      { secrets: { gcp: secret } },
    );
    const describe = [
      'builds',
      'triggers',
      'describe',
      'fraud-detection-main',
      '--project=acme-fraud-42',
      '--region=global',
      '--format=value(name)',
    ];
    expect((await gcloud.calls()).map(c => c.argv)).toEqual([
      describe,
      [
        'builds',
        'triggers',
        'create',
        'github',
        '--name=fraud-detection-main',
        '--repo-owner=acme-ml',
        '--repo-name=fraud-detection',
        '--branch-pattern=^main$',
        '--build-config=cloudbuild.yaml',
        '--project=acme-fraud-42',
        '--region=global',
      ],
      describe,
    ]);
    expect(first.log.text()).toContain('using access token ***');
    expect(first.log.text()).not.toContain(secret);
    expect(JSON.stringify(first.out)).not.toContain(secret);
    expect(await filesContaining(root.path, secret)).toEqual([]);
    expect(first.out.triggerName).toBe('fraud-detection-main');
  });

  it('names the trigger within Cloud Build rules when the branch ends in a dot', async () => {
    // "fraud-detection-release-" would end in a hyphen, which Cloud Build refuses
    const { out: named } = await run({
      trigger: 'terraform',
      githubOwner: 'acme-ml',
      branch: 'release.',
    });
    expect(named.triggerName).toBe('fraud-detection-release');
  });

  it('does not create a gcloud trigger in dry-run', async () => {
    const { log } = await run(
      { trigger: 'gcloud', githubOwner: 'acme-ml' },
      { isDryRun: true },
    );
    expect(await gcloud.calls()).toEqual([]);
    expect(log.text()).toContain(
      'Dry run: would run gcloud builds triggers create github',
    );
  });

  it.each([
    ['githubOwner', 'acme"; }\nresource "x" "y" {'],
    ['githubOwner', '-chdir=/'],
    ['githubRepo', 'x; rm -rf /'],
    ['githubRepo', '$(id)'],
    ['branch', 'main\n-chdir=/'],
    ['branch', '${file("/etc/passwd")}'],
    ['branch', '../../etc'],
    ['targetPath', '../..'],
    ['terraformDirectory', '/etc'],
    ['terraformDirectory', '../../outside'],
    ['outputPath', '../..'],
    ['trigger', 'gcloud; rm'],
  ])(
    'rejects hostile %s %j with an InputError and writes nothing outside the workspace',
    async (key, value) => {
      const before = await listFiles(root.path);
      await expect(
        run({ githubOwner: 'acme-ml', [key]: value }),
      ).rejects.toBeInstanceOf(InputError);
      expect(await listFiles(root.path)).toEqual(before);
      expect(await gcloud.calls()).toEqual([]);
    },
  );
});
