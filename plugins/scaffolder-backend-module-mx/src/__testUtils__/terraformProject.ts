/*
 * The project the mx:terraform:apply tests run real terraform on: a provider-free configuration
 * (built-in terraform_data, a local-exec provisioner, variables, outputs and the local backend
 * with its real state lock) in a git checkout with a seeded state, and the action wired to a
 * local plan store and a settable clock.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { parseState } from '@mx-backstage/plugin-mx-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import { createLocalPlanStore } from '../lib/planStore';
import { createTerraformApplyAction } from '../actions/terraformApply';
import { captureLogger } from './index';
import {
  OWNER,
  PROJECT_REF,
  initGitRepo,
  outputsOf,
  runAction,
  seedState,
  testCatalog,
} from './project';

// Provider-free: built-in terraform_data, a local-exec provisioner, variables, outputs, and the
// local backend with its real state lock. Runs offline with the real terraform binary.
export const MAIN_TF = `terraform {
  backend "local" {}
}

variable "label" {
  type    = string
  default = "v1"
}

variable "sleep_seconds" {
  type    = number
  default = 0
}

resource "terraform_data" "bucket" {
  input = var.label

  provisioner "local-exec" {
    command = "echo provisioning with token=$GOOGLE_OAUTH_ACCESS_TOKEN; sleep \${var.sleep_seconds}"
  }
}

output "bucket_label" {
  value = terraform_data.bucket.output
}

output "static_ip" {
  value = "203.0.113.7"
}

output "db_password" {
  value     = "hunter2-not-for-state"
  sensitive = true
}
`;

export const config = new ConfigReader({
  mx: { admins: { groups: ['group:default/platform'] } },
});

/** Registers a fresh project before each test; `t.workspace`, `t.tfDir`, `t.repo` and `t.clock` are the current test's. */
export function useTerraformProject() {
  const root = createMockDirectory();
  const t = {
    root,
    workspace: '',
    tfDir: '',
    repo: undefined as unknown as Awaited<ReturnType<typeof initGitRepo>>,
    clock: new Date(0),
  };

  beforeEach(async () => {
    root.clear();
    t.workspace = root.resolve('workspace');
    t.tfDir = path.join(t.workspace, 'infrastructure', 'terraform');
    await fs.mkdir(t.tfDir, { recursive: true });
    await fs.writeFile(path.join(t.tfDir, 'main.tf'), MAIN_TF);
    await fs.writeFile(
      path.join(t.workspace, '.gitignore'),
      '.terraform/\n*.tfstate*\n.terraform.lock.hcl\n.mx-scratch-*\n',
    );
    await seedState(t.workspace);
    t.repo = await initGitRepo(t.workspace);
    t.clock = new Date('2026-11-28T12:00:00.000Z');
  });

  const plansDir = () => root.resolve('plans');
  const action = () =>
    createTerraformApplyAction({
      runner: createCliRunner(),
      catalog: testCatalog(),
      config,
      plans: {
        store: createLocalPlanStore(plansDir()),
        maxAgeMs: 24 * 3_600_000,
        maxAge: '24h',
      },
      now: () => t.clock,
    });

  function context(
    input: Record<string, unknown>,
    extra: {
      user?: { ref: string };
      secrets?: Record<string, string>;
      signal?: AbortSignal;
      isDryRun?: boolean;
    } = {},
  ): { ctx: any; log: ReturnType<typeof captureLogger> } {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: { entityRef: PROJECT_REF, backend: 'local', ...input } as any,
      workspacePath: t.workspace,
      logger: log.logger,
      user: extra.user ?? OWNER,
      secrets: extra.secrets,
    });
    return {
      ctx: { ...ctx, signal: extra.signal, isDryRun: extra.isDryRun },
      log,
    };
  }

  /** A plan run; returns its outputs. */
  const plan = async (
    input: Record<string, unknown> = {},
    extra: Parameters<typeof context>[1] = {},
  ) => {
    const c = context(input, extra);
    await runAction(action(), c.ctx);
    return { ...c, out: outputsOf(c.ctx) };
  };

  /** Applies a saved plan; returns the outputs or the error. */
  const apply = async (
    planId: string,
    input: Record<string, unknown> = {},
    extra: Parameters<typeof context>[1] = {},
  ) => {
    const c = context({ planId, ...input }, extra);
    const error = await runAction(action(), c.ctx).then(
      () => undefined,
      e => e,
    );
    return { ...c, error, out: outputsOf(c.ctx) };
  };

  const readState = async () =>
    parseState(
      await fs.readFile(path.join(t.workspace, '.mx/state.yaml'), 'utf8'),
    );
  const tfstate = () =>
    fs
      .readFile(path.join(t.tfDir, 'terraform.tfstate'), 'utf8')
      .catch(() => '');
  const gitStatus = () => t.repo.git('status', '--porcelain');
  const pendingPlan = () =>
    createLocalPlanStore(plansDir()).get({
      project: 'fraud-detection',
      bucket: 'acme-fraud-42-tfstate',
      prefix: 'mx/fraud-detection',
    });

  return Object.assign(t, {
    plansDir,
    action,
    context,
    plan,
    apply,
    readState,
    tfstate,
    gitStatus,
    pendingPlan,
  });
}
