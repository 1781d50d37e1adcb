import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  STATE_FILE_PATH,
  mergeState,
  parseState,
  serializeState,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import { captureLogger, filesContaining, writeStandIn } from '../__testUtils__';
import { DEVSPACE_YAML } from '../__testUtils__/fixtures';
import {
  ADMIN,
  OWNER,
  PROJECT,
  initGitRepo,
  outputsOf,
  runAction,
  testCatalog,
} from '../__testUtils__/project';
import {
  DEVSPACE_STAND_IN,
  GCLOUD_CREDENTIALS_STAND_IN,
  GCLOUD_TRIGGERS_STAND_IN,
  withImpersonation,
} from '../__testUtils__/standIns';
import { createCloudbuildEnableAction } from '../actions/cloudbuildEnable';
import { createDevspaceDeployAction } from '../actions/devspaceDeploy';
import { createTerraformApplyAction } from '../actions/terraformApply';
import { createLocalPlanStore } from './planStore';

jest.setTimeout(120_000);

/*
 * One identity per client project, end to end through the actions: real terraform, and gcloud /
 * devspace stand-ins on PATH that record every argv and environment (testUtils/standIns.ts).
 */

const FRAUD = {
  ...PROJECT,
  ref: 'component:default/fraud-detection',
  user: OWNER,
  sa: 'fraud-detection-operator@acme-fraud-42.iam.gserviceaccount.com',
};
const CHURN = {
  ...PROJECT,
  name: 'churn-model',
  client: 'Globex',
  owner: 'group:default/other-team',
  gcpProjectId: 'globex-churn-7',
  ref: 'component:default/churn-model',
  user: ADMIN,
  sa: 'churn-model-operator@globex-churn-7.iam.gserviceaccount.com',
};
type Client = typeof FRAUD;

// Provider-free; the provisioner writes the token it was given into a witness file outside the
// workspace (so the test can compare it with the token gcloud issued) and echoes it to the log.
const MAIN_TF = `terraform {
  backend "local" {}
}

variable "witness" {
  type = string
}

resource "terraform_data" "cluster" {
  provisioner "local-exec" {
    command = "printf %s \\"$GOOGLE_OAUTH_ACCESS_TOKEN\\" > \${var.witness}; echo operating with token=$GOOGLE_OAUTH_ACCESS_TOKEN"
  }
}
`;

const config = (impersonation: boolean) =>
  new ConfigReader({
    mx: {
      admins: { groups: ['group:default/platform'] },
      gcp: { impersonation: { enabled: impersonation } },
    },
  });

describe('one identity per client project', () => {
  const root = createMockDirectory();
  let gcloud: Awaited<ReturnType<typeof writeStandIn>>;
  let devspace: Awaited<ReturnType<typeof writeStandIn>>;

  const bin = () => root.resolve('bin');
  const runner = () =>
    createCliRunner({
      baseEnv: { ...process.env, PATH: `${bin()}:${process.env.PATH}` },
    });

  beforeEach(async () => {
    root.clear();
    devspace = await writeStandIn(
      bin(),
      'devspace',
      // Like the kubeconfig's gke-gcloud-auth-plugin, which runs gcloud with devspace's
      // environment: show (for the redaction check) and keep the token that gcloud would use.
      `if (process.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE && process.argv[2] === 'deploy') {
  const t = fs.readFileSync(process.env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE, 'utf8');
  fs.appendFileSync(__filename + '.seen', t + '\\n');
  console.log('info gke-gcloud-auth-plugin: bearer ' + t);
}
${DEVSPACE_STAND_IN}`,
    );
    // The backend may mint tokens for both operators (roles/iam.serviceAccountTokenCreator).
    await fs.writeFile(
      path.join(bin(), 'gcloud.grants'),
      `${FRAUD.sa}\n${CHURN.sa}\n`,
    );
  });

  const useGcloud = async (body: string) => {
    gcloud = await writeStandIn(bin(), 'gcloud', withImpersonation(body));
  };
  const issued = async (): Promise<Array<{ sa: string; token: string }>> =>
    (await fs.readFile(path.join(bin(), 'gcloud.tokens.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
  const tokenCalls = async () =>
    (await gcloud.calls()).filter(c => c.argv[0] === 'auth');

  /** A checked-out project; `operator`: where its operator service account is recorded. */
  async function project(
    client: Client,
    operator: 'output' | 'named' | 'none' = 'output',
  ) {
    const dir = root.resolve(client.name);
    const { ref, user, sa, ...values } = client;
    const { state } = mergeState(undefined, {
      generator: { id: 'ml-project', version: '1.0.0' },
      project: values,
      deployments: { 'training-infrastructure': {} },
      initiator: user.ref,
      now: new Date('2026-11-28T10:00:00.000Z'),
    });
    state.infrastructure.outputs = { cluster_name: 'fraud-detection' };
    if (operator === 'output')
      state.infrastructure.outputs.operator_service_account = sa;
    if (operator === 'named') state.infrastructure.operatorServiceAccount = sa;
    await fs.mkdir(path.join(dir, '.mx'), { recursive: true });
    await fs.writeFile(path.join(dir, STATE_FILE_PATH), serializeState(state));
    await fs.mkdir(path.join(dir, 'infrastructure/terraform'), {
      recursive: true,
    });
    await fs.writeFile(
      path.join(dir, 'infrastructure/terraform/main.tf'),
      MAIN_TF,
    );
    await fs.writeFile(path.join(dir, 'devspace.yaml'), DEVSPACE_YAML);
    await fs.writeFile(
      path.join(dir, '.gitignore'),
      '.terraform/\n*.tfstate*\n.terraform.lock.hcl\n.mx-scratch-*\n',
    );
    await initGitRepo(dir);
    return dir;
  }

  function context(
    client: Client,
    dir: string,
    input: Record<string, unknown>,
    secrets?: Record<string, string>,
  ) {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: dir,
      logger: log.logger,
      user: client.user,
      secrets,
    });
    return { ctx, log };
  }

  const terraformAction = (impersonation = true) =>
    createTerraformApplyAction({
      runner: runner(),
      catalog: testCatalog(),
      config: config(impersonation),
      plans: {
        store: createLocalPlanStore(root.resolve('plans')),
        maxAgeMs: 3_600_000,
        maxAge: '1h',
      },
    });

  /** Plans and applies `client`'s infrastructure; returns what the user saw. */
  async function planAndApply(client: Client, dir: string) {
    const witness = root.resolve(`witness-${client.name}`);
    const input = {
      entityRef: client.ref,
      backend: 'local',
      variables: { witness },
    };
    const planned = context(client, dir, input);
    await runAction(terraformAction(), planned.ctx);
    const planId = outputsOf(planned.ctx).planId;
    const applied = context(client, dir, { ...input, planId });
    await runAction(terraformAction(), applied.ctx);
    return {
      witness: await fs.readFile(witness, 'utf8'),
      text: planned.log.text() + applied.log.text(),
      outputs: JSON.stringify([outputsOf(planned.ctx), outputsOf(applied.ctx)]),
    };
  }

  /** Asserts a token reached no argv, log line, output or file of the workspaces. */
  async function assertNowhere(
    token: string,
    seen: { text: string; outputs: string },
  ) {
    expect(seen.text).not.toContain(token);
    expect(seen.outputs).not.toContain(token);
    for (const c of await gcloud.calls())
      expect(c.argv.join(' ')).not.toContain(token);
    for (const c of await devspace.calls())
      expect(c.argv.join(' ')).not.toContain(token);
    // Every file but the stand-ins' own records and the terraform witness files.
    const found = (await filesContaining(root.path, token)).filter(
      f => !f.startsWith('bin/') && !f.startsWith('witness-'),
    );
    expect(found).toEqual([]);
  }

  it('terraform:apply runs each project as its own operator, with a token passed by env only and redacted', async () => {
    await useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const fraudDir = await project(FRAUD, 'output');
    const churnDir = await project(CHURN, 'named');
    const fraud = await planAndApply(FRAUD, fraudDir);
    const churn = await planAndApply(CHURN, churnDir);

    // Plan and apply each asked for a token of THAT project's operator, never the backend's own.
    const calls = await tokenCalls();
    expect(calls.map(c => c.argv[2])).toEqual([
      `--impersonate-service-account=${FRAUD.sa}`,
      `--impersonate-service-account=${FRAUD.sa}`,
      `--impersonate-service-account=${CHURN.sa}`,
      `--impersonate-service-account=${CHURN.sa}`,
    ]);
    const tokens = await issued();
    expect(new Set(tokens.map(t => t.token)).size).toBe(4);
    // terraform received the token of the apply's own request through GOOGLE_OAUTH_ACCESS_TOKEN.
    expect(fraud.witness).toBe(tokens[1].token);
    expect(churn.witness).toBe(tokens[3].token);
    expect(fraud.text).toContain('operating with token=***');
    expect(fraud.text).toContain(`as ${FRAUD.sa}`);
    expect(churn.text).toContain(`as ${CHURN.sa}`);
    for (const t of tokens) {
      await assertNowhere(t.token, fraud);
      await assertNowhere(t.token, churn);
    }
  });

  it("devspace:deploy fetches cluster credentials and deploys as each project's own operator", async () => {
    await useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const seen = { text: '', outputs: '' };
    for (const client of [FRAUD, CHURN]) {
      const dir = await project(client);
      const { ctx, log } = context(client, dir, {
        entityRef: client.ref,
        cluster: 'fraud-detection',
      });
      await runAction(
        createDevspaceDeployAction({
          runner: runner(),
          catalog: testCatalog(),
          config: config(true),
        }),
        ctx,
      );
      seen.text += log.text();
      seen.outputs += JSON.stringify(outputsOf(ctx));
    }
    const calls = await gcloud.calls();
    expect(calls.map(c => c.argv.slice(0, 3).join(' '))).toEqual([
      `auth print-access-token --impersonate-service-account=${FRAUD.sa}`,
      'container clusters get-credentials',
      `auth print-access-token --impersonate-service-account=${CHURN.sa}`,
      'container clusters get-credentials',
    ]);
    // gcloud got the token by the access-token-file property (env), for its own project only
    // (the stand-in refuses a token of another project's account, as IAM would).
    expect(calls[1].env.CLOUDSDK_AUTH_ACCESS_TOKEN_FILE).toBeTruthy();
    expect(calls[1].argv).toContain(`--project=${FRAUD.gcpProjectId}`);
    expect(calls[3].argv).toContain(`--project=${CHURN.gcpProjectId}`);
    const tokens = await issued();
    // devspace (through the kubeconfig's auth plugin) used each project's own token.
    expect(
      (await fs.readFile(`${devspace.path}.seen`, 'utf8')).trim().split('\n'),
    ).toEqual(tokens.map(t => t.token));
    expect(seen.text).toContain('gke-gcloud-auth-plugin: bearer ***');
    for (const t of tokens) await assertNowhere(t.token, seen);
  });

  it('cloudbuild:enable creates the trigger as the project operator, token redacted', async () => {
    await useGcloud(GCLOUD_TRIGGERS_STAND_IN);
    const dir = await project(FRAUD);
    const { ctx, log } = context(FRAUD, dir, {
      trigger: 'gcloud',
      githubOwner: 'acme-ml',
    });
    await runAction(
      createCloudbuildEnableAction({ runner: runner(), config: config(true) }),
      ctx,
    );
    const calls = await gcloud.calls();
    expect(calls[0].argv[2]).toBe(`--impersonate-service-account=${FRAUD.sa}`);
    expect(calls.slice(1).map(c => c.argv.slice(0, 3).join(' '))).toEqual([
      'builds triggers describe',
      'builds triggers create',
    ]);
    expect(log.text()).toContain('using access token ***');
    const [{ token }] = await issued();
    await assertNowhere(token, {
      text: log.text(),
      outputs: JSON.stringify(outputsOf(ctx)),
    });
  });

  it('refuses a project without an operator service account or key, saying how to bootstrap, before any tool runs', async () => {
    await useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await project(FRAUD, 'none');
    const { ctx } = context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      backend: 'local',
      variables: { witness: root.resolve('w') },
    });
    const error = await runAction(terraformAction(), ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'Project fraud-detection (GCP project acme-fraud-42) has no operator service account yet',
    );
    expect(error.message).toContain('gcloud auth print-access-token');
    expect(error.message).toContain('infrastructure.operatorServiceAccount');
    expect(await gcloud.calls()).toEqual([]);
    expect(outputsOf(ctx).planId).toBeUndefined();
  });

  it("bootstraps with a platform admin's own token in the credentials secret, then the apply records the operator", async () => {
    await useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await project(FRAUD, 'none');
    await fs.appendFile(
      path.join(dir, 'infrastructure/terraform/main.tf'),
      `output "operator_service_account" {\n  value = "${FRAUD.sa}"\n}\n`,
    );
    await initGitRepo(dir);
    const adminToken = 'ya29.admin-bootstrap-token-8c1f';
    const input = {
      entityRef: FRAUD.ref,
      backend: 'local',
      credentialsSecret: 'gcp',
      variables: { witness: root.resolve('w') },
    };
    const planned = context(FRAUD, dir, input, { gcp: adminToken });
    await runAction(terraformAction(), planned.ctx);
    const applied = context(
      FRAUD,
      dir,
      { ...input, planId: outputsOf(planned.ctx).planId },
      { gcp: adminToken },
    );
    await runAction(terraformAction(), applied.ctx);
    expect(await fs.readFile(root.resolve('w'), 'utf8')).toBe(adminToken);
    expect(await tokenCalls()).toEqual([]);
    expect(applied.log.text()).not.toContain(adminToken);
    const state = parseState(
      await fs.readFile(path.join(dir, STATE_FILE_PATH), 'utf8'),
    );
    // From now on MX impersonates the account the first apply created.
    expect(state.infrastructure.outputs.operator_service_account).toBe(
      FRAUD.sa,
    );
  });

  it("refuses an operator account of another client's GCP project", async () => {
    await useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await project({ ...FRAUD, sa: CHURN.sa }, 'named');
    const { ctx } = context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      cluster: 'fraud-detection',
    });
    const error = await runAction(
      createDevspaceDeployAction({
        runner: runner(),
        catalog: testCatalog(),
        config: config(true),
      }),
      ctx,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `The operator service account ${CHURN.sa} belongs to GCP project globex-churn-7, not to acme-fraud-42`,
    );
    expect(await gcloud.calls()).toEqual([]);
  });

  it('says which role the backend lacks when it may not impersonate the operator', async () => {
    await useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    await fs.writeFile(path.join(bin(), 'gcloud.grants'), '');
    const dir = await project(FRAUD);
    const { ctx } = context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      cluster: 'fraud-detection',
    });
    const error = await runAction(
      createDevspaceDeployAction({
        runner: runner(),
        catalog: testCatalog(),
        config: config(true),
      }),
      ctx,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`could not impersonate ${FRAUD.sa}`);
    expect(error.message).toContain('roles/iam.serviceAccountTokenCreator');
    expect((await devspace.calls()).map(c => c.argv[0])).not.toContain(
      'deploy',
    );
  });

  it('with impersonation off (the embedded default) uses the backend credentials and asks for no token', async () => {
    await useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await project(FRAUD, 'none');
    const { ctx, log } = context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      cluster: 'fraud-detection',
    });
    await runAction(
      createDevspaceDeployAction({
        runner: runner(),
        catalog: testCatalog(),
        config: config(false),
      }),
      ctx,
    );
    expect(await tokenCalls()).toEqual([]);
    expect(log.text()).toContain("with the backend's own credentials");
  });
});
