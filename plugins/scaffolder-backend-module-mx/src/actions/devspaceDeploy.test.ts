import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { serializeState } from '@mx-backstage/plugin-mx-common';
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
import { DEVSPACE_YAML } from '../__testUtils__/fixtures';
import {
  OWNER,
  PROJECT_REF,
  STRANGER,
  outputsOf,
  runAction,
  seedState,
  testCatalog,
} from '../__testUtils__/project';
import {
  DEVSPACE_STAND_IN,
  GCLOUD_CREDENTIALS_STAND_IN,
} from '../__testUtils__/standIns';
import { checkDevspaceConfig } from '../lib/devspaceConfig';
import { createDevspaceDeployAction } from './devspaceDeploy';

describe('mx:devspace:deploy', () => {
  const root = createMockDirectory();
  let workspace: string;
  let devspace: Awaited<ReturnType<typeof writeStandIn>>;
  let gcloud: Awaited<ReturnType<typeof writeStandIn>>;

  beforeEach(async () => {
    root.clear();
    workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
    const state = await seedState(workspace);
    // The infrastructure was applied: its cluster_name output is in the state.
    state.infrastructure.outputs = { cluster_name: 'fraud-detection' };
    await fs.writeFile(
      path.join(workspace, '.mx/state.yaml'),
      serializeState(state),
    );
    await fs.writeFile(path.join(workspace, 'devspace.yaml'), DEVSPACE_YAML);
    devspace = await writeStandIn(
      root.resolve('bin'),
      'devspace',
      DEVSPACE_STAND_IN,
    );
    gcloud = await writeStandIn(
      root.resolve('bin'),
      'gcloud',
      GCLOUD_CREDENTIALS_STAND_IN,
    );
  });

  const action = () =>
    createDevspaceDeployAction({
      runner: createCliRunner({
        tools: {
          devspace: { path: devspace.path },
          gcloud: { path: gcloud.path },
        },
      }),
      catalog: testCatalog(),
      config: new ConfigReader({}),
    });

  function context(
    input: Record<string, unknown>,
    extra: {
      user?: { ref: string };
      secrets?: Record<string, string>;
      isDryRun?: boolean;
    } = {},
  ) {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: { entityRef: PROJECT_REF, ...input } as any,
      workspacePath: workspace,
      logger: log.logger,
      user: extra.user ?? OWNER,
      secrets: extra.secrets,
    });
    return { ctx: { ...ctx, isDryRun: extra.isDryRun }, log };
  }

  it('fetches cluster credentials into a temporary kubeconfig and deploys the named deployments', async () => {
    const { ctx, log } = context({
      deployments: ['training-infrastructure', 'cuda-drivers'],
      profiles: ['production'],
    });
    await runAction(action(), ctx);
    const [getCreds] = await gcloud.calls();
    expect(getCreds.argv).toEqual([
      'container',
      'clusters',
      'get-credentials',
      'fraud-detection',
      '--region=europe-west4',
      '--project=acme-fraud-42',
    ]);
    const [version, deploy] = await devspace.calls();
    expect(version.argv).toEqual(['version']);
    expect(deploy.argv).toEqual([
      'deploy',
      '--namespace',
      'fraud-detection',
      '--no-warn',
      '--no-colors',
      '--profile',
      'production',
      '--deployments',
      'training-infrastructure',
      '--deployments',
      'cuda-drivers',
      '--kube-context',
      'gke_acme-fraud-42_europe-west4_fraud-detection',
    ]);
    // One kubeconfig, inside the workspace, shared by gcloud and devspace, removed afterwards.
    expect(deploy.env.KUBECONFIG).toBe(getCreds.env.KUBECONFIG);
    expect(path.relative(workspace, deploy.env.KUBECONFIG)).toMatch(
      /^\.mx-scratch-[^/]+\/kubeconfig$/,
    );
    await expect(fs.access(deploy.env.KUBECONFIG)).rejects.toThrow();
    expect(outputsOf(ctx)).toEqual({
      deployed: ['training-infrastructure', 'cuda-drivers'],
      namespace: 'fraud-detection',
      kubeContext: 'gke_acme-fraud-42_europe-west4_fraud-detection',
    });
    expect(log.text()).toContain(
      'deploy:cuda-drivers Successfully deployed cuda-drivers',
    );
    expect(await listFiles(workspace)).toEqual([
      '.mx/state.yaml',
      'devspace.yaml',
    ]);
  });

  it('deploys everything without selecting when no names (or all names) are given', async () => {
    const { ctx } = context({ namespace: 'fd-prod' });
    await runAction(action(), ctx);
    const deploy = (await devspace.calls())[1];
    expect(deploy.argv).not.toContain('--deployments');
    expect(deploy.argv.slice(0, 3)).toEqual([
      'deploy',
      '--namespace',
      'fd-prod',
    ]);
    expect(outputsOf(ctx).deployed).toEqual([
      'training-infrastructure',
      'cuda-drivers',
      'seldon-core',
    ]);
  });

  it('uses a kubeconfig secret instead of gcloud and redacts its token everywhere', async () => {
    const token = 'eyJhbGciOi.mx-kube-token-3c9d1f';
    const kubeconfig = `apiVersion: v1\nkind: Config\ncurrent-context: prod\nusers:\n- name: ci\n  user:\n    token: ${token}\n`;
    const { ctx, log } = context(
      { kubeconfigSecret: 'kubeconfig', deployments: ['seldon-core'] },
      { secrets: { kubeconfig } },
    );
    await runAction(action(), ctx);
    expect(await gcloud.calls()).toEqual([]);
    expect((await devspace.calls())[1].argv).not.toContain('--kube-context');
    expect(log.text()).toContain('Using kube config with token ***');
    expect(log.text()).not.toContain(token);
    expect(JSON.stringify(outputsOf(ctx))).not.toContain(token);
    expect(await filesContaining(root.path, token)).toEqual([]);
  });

  it('passes GCP credentials to gcloud and devspace through a credential file that is removed', async () => {
    const secret = 'ya29.mx-gcp-token-77aa01';
    const { ctx, log } = context(
      { credentialsSecret: 'gcp' },
      { secrets: { gcp: secret } },
    );
    await runAction(action(), ctx);
    const [getCreds] = await gcloud.calls();
    expect(getCreds.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE).toMatch(
      /gcloud-credentials$/,
    );
    expect(
      JSON.stringify((await gcloud.calls()).map(c => c.argv)),
    ).not.toContain(secret);
    expect(log.text()).not.toContain(secret);
    expect(await filesContaining(root.path, secret)).toEqual([]);
  });

  it('renders instead of deploying in dry-run, without cluster credentials', async () => {
    const { ctx } = context(
      { deployments: ['cuda-drivers'] },
      { isDryRun: true },
    );
    await runAction(action(), ctx);
    expect(await gcloud.calls()).toEqual([]);
    expect((await devspace.calls())[1].argv).toEqual([
      'deploy',
      '--render',
      '--skip-build',
      '--skip-push',
      '--namespace',
      'fraud-detection',
      '--no-warn',
      '--no-colors',
      '--deployments',
      'cuda-drivers',
    ]);
    expect(outputsOf(ctx).deployed).toEqual([]);
    expect(outputsOf(ctx).rendered).toContain('# Source: cuda-drivers');
  });

  it('says which deployments exist when a name is unknown, and runs nothing', async () => {
    const { ctx } = context({ deployments: ['mlflow'] });
    await expect(runAction(action(), ctx)).rejects.toThrow(
      'devspace.yaml has no deployment(s) mlflow; it defines: training-infrastructure, cuda-drivers, seldon-core',
    );
    expect(await devspace.calls()).toEqual([]);
  });

  it('refuses a config that is not devspace v6, or that cannot select deployments', async () => {
    expect(() =>
      checkDevspaceConfig(
        'version: v1beta11\ndeployments: []\n',
        'devspace.yaml',
      ),
    ).toThrow(
      'devspace.yaml has version "v1beta11"; devspace v6 needs \'version: v2beta1\'',
    );
    await fs.writeFile(
      path.join(workspace, 'devspace.yaml'),
      'version: v2beta1\nname: x\ndeployments:\n  a:\n    kubectl:\n      manifests: [a.yaml]\n  b:\n    kubectl:\n      manifests: [b.yaml]\n',
    );
    const { ctx } = context({ deployments: ['a'] });
    await expect(runAction(action(), ctx)).rejects.toThrow(
      'deploy pipeline cannot select deployments',
    );
    const all = context({ deployments: ['a', 'b'] });
    await runAction(action(), all.ctx);
    expect(outputsOf(all.ctx).deployed).toEqual(['a', 'b']);
  });

  it("reports an unknown cluster with gcloud's error", async () => {
    const { ctx } = context({ cluster: 'no-such-cluster' });
    await expect(runAction(action(), ctx)).rejects.toThrow(
      /code=404.*clusters\/no-such-cluster/,
    );
    expect(
      (await devspace.calls()).filter(c => c.argv[0] === 'deploy'),
    ).toEqual([]);
  });

  it('refuses anyone outside the owner group and deploys nothing', async () => {
    const { ctx } = context({}, { user: STRANGER });
    const error = await runAction(action(), ctx).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'Only the owners of component:default/fraud-detection (group:default/ml-team) may run mx:devspace:deploy on it; you are user:default/mallory (mx:devspace:deploy changed nothing). Ask an owner to run it or to add you to group:default/ml-team.',
    );
    expect(await devspace.calls()).toEqual([]);
    expect(await gcloud.calls()).toEqual([]);
  });

  it.each([
    ['namespace', 'prod; rm -rf /'],
    ['namespace', '$(id)'],
    ['deployments', ['../x']],
    ['deployments', ['a\nb']],
    ['profiles', ['-chdir=/']],
    ['profiles', ['--kubeconfig=/etc/passwd']],
    ['cluster', '/etc'],
    ['kubeContext', '$(touch pwned)'],
    ['kubeContext', '--kubeconfig=/tmp/x'],
    ['configPath', '../../etc/passwd'],
    ['configPath', '/etc/hosts'],
    ['targetPath', '..'],
    ['kubeconfigSecret', '../id_rsa'],
    ['entityRef', '$(touch pwned)'],
    [
      'entityRef',
      'component:default/fraud-detection\n--kubeconfig=/etc/passwd',
    ],
  ])(
    'rejects hostile %s %j with an InputError and runs nothing',
    async (key, value) => {
      const before = await listFiles(root.path);
      const { ctx } = context({ [key]: value });
      await expect(runAction(action(), ctx)).rejects.toBeInstanceOf(InputError);
      expect(await devspace.calls()).toEqual([]);
      expect(await listFiles(root.path)).toEqual(before);
    },
  );

  it("uses a devspace.yaml that is valid against devspace's own v6 schema", () => {
    const validate = compileToolSchema('devspace-v6.json');
    const doc = yaml.parse(DEVSPACE_YAML);
    expect(validate(doc)).toEqual([]);
    expect(doc.version).toBe('v2beta1');
    expect(
      validate({
        version: 'v2beta1',
        deployments: { a: { kubectl: { manifests: 'not-a-list' } } },
      }),
    ).not.toEqual([]);
  });
});
