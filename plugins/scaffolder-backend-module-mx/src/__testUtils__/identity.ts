/*
 * The world of the one-identity-per-client-project tests (lib/projectIdentity.*.test.ts): two
 * client projects, real terraform, and gcloud / devspace stand-ins on PATH that record every argv
 * and environment (standIns.ts).
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  STATE_FILE_PATH,
  mergeState,
  serializeState,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import { createTerraformApplyAction } from '../actions/terraformApply';
import { createLocalPlanStore } from '../lib/planStore';
import { captureLogger, filesContaining, writeStandIn } from './index';
import { DEVSPACE_YAML } from './fixtures';
import {
  ADMIN,
  OWNER,
  PROJECT,
  initGitRepo,
  outputsOf,
  runAction,
  testCatalog,
} from './project';
import { DEVSPACE_STAND_IN, withImpersonation } from './standIns';

export const FRAUD = {
  ...PROJECT,
  ref: 'component:default/fraud-detection',
  user: OWNER,
  sa: 'fraud-detection-operator@acme-fraud-42.iam.gserviceaccount.com',
};
export const CHURN = {
  ...PROJECT,
  name: 'churn-model',
  client: 'Globex',
  owner: 'group:default/other-team',
  gcpProjectId: 'globex-churn-7',
  ref: 'component:default/churn-model',
  user: ADMIN,
  sa: 'churn-model-operator@globex-churn-7.iam.gserviceaccount.com',
};
export type Client = typeof FRAUD;

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

export const identityConfig = (impersonation: boolean) =>
  new ConfigReader({
    mx: {
      admins: { groups: ['group:default/platform'] },
      gcp: { impersonation: { enabled: impersonation } },
    },
  });

/**
 * Registers the per-test setup (a clean folder, the devspace stand-in, the backend's token
 * grants for both operators) and returns the helpers; call inside a describe. Real terraform and
 * git are slow: two minutes per test.
 */
export function useIdentityProjects() {
  jest.setTimeout(120_000);
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
  ): { ctx: any; log: ReturnType<typeof captureLogger> } {
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
      config: identityConfig(impersonation),
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

  return {
    root,
    config: identityConfig,
    bin,
    runner,
    get gcloud() {
      return gcloud;
    },
    get devspace() {
      return devspace;
    },
    useGcloud,
    issued,
    tokenCalls,
    project,
    context,
    terraformAction,
    planAndApply,
    assertNowhere,
  };
}
