import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createCliRunner } from '../cli/runner';
import {
  captureLogger,
  compileToolSchema,
  filesContaining,
  listFiles,
  writeStandIn,
} from '../__testUtils__';
import { outputsOf, runAction, seedState } from '../__testUtils__/project';
import { GCLOUD_TRIGGERS_STAND_IN } from '../__testUtils__/standIns';
import { createCloudbuildEnableAction } from './cloudbuildEnable';

jest.setTimeout(60_000);

const IMAGE =
  'europe-west4-docker.pkg.dev/acme-fraud-42/fraud-detection/fraud-detection';

describe('mx:cloudbuild:enable', () => {
  const root = createMockDirectory();
  let workspace: string;
  let gcloud: Awaited<ReturnType<typeof writeStandIn>>;
  const validate = compileToolSchema('cloudbuild.json');

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

  const readBuild = async () =>
    yaml.parse(
      await fs.readFile(path.join(workspace, 'cloudbuild.yaml'), 'utf8'),
    );

  it("composes every enabled step into a cloudbuild.yaml that Cloud Build's schema accepts", async () => {
    const { out } = await run({
      steps: ['image', 'test', 'lint', 'docs', 'package'],
      trigger: 'none',
    });
    const build = await readBuild();
    expect(validate(build)).toEqual([]);
    expect(out.steps).toEqual([
      'mx-image-build',
      'mx-test',
      'mx-lint',
      'mx-image-push',
      'mx-docs-build',
      'mx-docs-publish',
      'mx-package-build',
      'mx-package-publish',
    ]);
    expect(build.steps[0].args).toEqual([
      'build',
      '-t',
      `${IMAGE}:$BUILD_ID`,
      '-t',
      `${IMAGE}:latest`,
      '.',
    ]);
    expect(build.steps[1].name).toBe(`${IMAGE}:$BUILD_ID`);
    expect(build.steps[3].args).toEqual(['push', '--all-tags', IMAGE]);
    expect(build.steps[5].args.at(-1)).toBe(
      'gs://acme-fraud-42-docs/fraud-detection',
    );
    expect(build.steps[7].args[1]).toContain(
      'twine upload --repository-url https://europe-west4-python.pkg.dev/acme-fraud-42/fraud-detection-python/ dist/*',
    );
    expect(out.triggerFile).toBe('');
  });

  it('keeps user-added steps and settings where they were, and a re-run changes nothing', async () => {
    await run({ steps: ['image', 'test'], trigger: 'none' });
    const build = await readBuild();
    // The user adds a step after the tests, one at the very top, and a setting.
    build.steps.splice(2, 0, {
      id: 'integration',
      name: 'python:3.11',
      args: ['make', 'integration'],
      waitFor: ['mx-test'],
    });
    build.steps.unshift({ name: 'bash', args: ['-c', 'echo start'] });
    build.options = {
      machineType: 'E2_HIGHCPU_8',
      logging: 'CLOUD_LOGGING_ONLY',
    };
    await fs.writeFile(
      path.join(workspace, 'cloudbuild.yaml'),
      yaml.stringify(build),
    );

    const { out } = await run({
      steps: ['image', 'test', 'lint'],
      trigger: 'none',
    });
    expect(out.steps).toEqual([
      'bash',
      'mx-image-build',
      'mx-test',
      'integration',
      'mx-lint',
      'mx-image-push',
    ]);
    expect(out.preserved).toEqual(['bash', 'integration']);
    const after = await readBuild();
    expect(after.options.machineType).toBe('E2_HIGHCPU_8');
    expect(after.steps[3]).toEqual({
      id: 'integration',
      name: 'python:3.11',
      args: ['make', 'integration'],
      waitFor: ['mx-test'],
    });
    expect(validate(after)).toEqual([]);

    const bytes = await fs.readFile(
      path.join(workspace, 'cloudbuild.yaml'),
      'utf8',
    );
    await run({ steps: ['image', 'test', 'lint'], trigger: 'none' });
    expect(
      await fs.readFile(path.join(workspace, 'cloudbuild.yaml'), 'utf8'),
    ).toBe(bytes);

    // Disabling the tests removes the managed step; the user's step stays, with a warning.
    const { out: fewer, log } = await run({
      steps: ['image', 'lint'],
      trigger: 'none',
    });
    expect(fewer.steps).toEqual([
      'bash',
      'mx-image-build',
      'integration',
      'mx-lint',
      'mx-image-push',
    ]);
    expect(log.text()).toContain(
      "Step integration waits for 'mx-test', which is no longer in cloudbuild.yaml",
    );
  });

  it('adds the trigger as Terraform that terraform fmt accepts and an HCL parser reads', async () => {
    const { out } = await run({
      steps: ['image'],
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
        steps: ['image', 'test'],
        trigger: 'gcloud',
        githubOwner: 'acme-ml',
        credentialsSecret: 'gcp',
      },
      { secrets: { gcp: secret } },
    );
    await run(
      {
        steps: ['image', 'test'],
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
      steps: ['lint'],
      trigger: 'terraform',
      githubOwner: 'acme-ml',
      branch: 'release.',
    });
    expect(named.triggerName).toBe('fraud-detection-release');
  });

  it('does not create a gcloud trigger in dry-run', async () => {
    const { log } = await run(
      { steps: ['lint'], trigger: 'gcloud', githubOwner: 'acme-ml' },
      { isDryRun: true },
    );
    expect(await gcloud.calls()).toEqual([]);
    expect(log.text()).toContain(
      'Dry run: would run gcloud builds triggers create github',
    );
  });

  it('leaves a cloudbuild.yaml it cannot read untouched and says so', async () => {
    await fs.writeFile(
      path.join(workspace, 'cloudbuild.yaml'),
      'steps: [\n  - broken',
    );
    await expect(run({ steps: ['image'], trigger: 'none' })).rejects.toThrow(
      'cloudbuild.yaml is not valid YAML',
    );
    expect(
      await fs.readFile(path.join(workspace, 'cloudbuild.yaml'), 'utf8'),
    ).toBe('steps: [\n  - broken');
  });

  it.each([
    ['githubOwner', 'acme"; }\nresource "x" "y" {'],
    ['githubOwner', '-chdir=/'],
    ['githubRepo', 'x; rm -rf /'],
    ['githubRepo', '$(id)'],
    ['branch', 'main\n-chdir=/'],
    ['branch', '${file("/etc/passwd")}'],
    ['branch', '../../etc'],
    ['docsBucket', 'gs://x;y'],
    ['targetPath', '../..'],
    ['terraformDirectory', '/etc'],
    ['terraformDirectory', '../../outside'],
    ['steps', ['image', 'rm -rf /']],
    ['trigger', 'gcloud; rm'],
  ])(
    'rejects hostile %s %j with an InputError and writes nothing outside the workspace',
    async (key, value) => {
      const before = await listFiles(root.path);
      await expect(
        run({ steps: ['image'], githubOwner: 'acme-ml', [key]: value }),
      ).rejects.toBeInstanceOf(InputError);
      expect(await listFiles(root.path)).toEqual(before);
      expect(await gcloud.calls()).toEqual([]);
    },
  );
});
