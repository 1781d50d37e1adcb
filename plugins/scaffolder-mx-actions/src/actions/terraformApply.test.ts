import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { parseState } from '@mx-backstage/plugin-mx-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliError, createCliRunner } from '../cli/runner';
import {
  captureLogger,
  filesContaining,
  listFiles,
  writeStandIn,
} from '../__testUtils__';
import { TERRAFORM_STAND_IN } from '../__testUtils__/standIns';
import {
  ADMIN,
  OWNER,
  initGitRepo,
  PROJECT_REF,
  STRANGER,
  outputsOf,
  runAction,
  seedState,
  testCatalog,
} from '../__testUtils__/project';
import { createLocalPlanStore } from '../lib/planStore';
import {
  createTerraformApplyAction,
  lockConflictMessage,
  parseLockInfo,
  summarizePlan,
} from './terraformApply';

jest.setTimeout(120_000);

// Provider-free: built-in terraform_data, a local-exec provisioner, variables, outputs, and the
// local backend with its real state lock. Runs offline with the real terraform binary.
const MAIN_TF = `terraform {
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

const config = new ConfigReader({
  mx: { admins: { groups: ['group:default/platform'] } },
});

describe('mx:terraform:apply with real terraform', () => {
  const root = createMockDirectory();
  let workspace: string;
  let tfDir: string;
  let repo: Awaited<ReturnType<typeof initGitRepo>>;
  let clock: Date;

  beforeEach(async () => {
    root.clear();
    workspace = root.resolve('workspace');
    tfDir = path.join(workspace, 'infrastructure', 'terraform');
    await fs.mkdir(tfDir, { recursive: true });
    await fs.writeFile(path.join(tfDir, 'main.tf'), MAIN_TF);
    await fs.writeFile(
      path.join(workspace, '.gitignore'),
      '.terraform/\n*.tfstate*\n.terraform.lock.hcl\n.mx-scratch-*\n',
    );
    await seedState(workspace);
    repo = await initGitRepo(workspace);
    clock = new Date('2026-11-28T12:00:00.000Z');
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
      now: () => clock,
    });

  function context(
    input: Record<string, unknown>,
    extra: {
      user?: { ref: string };
      secrets?: Record<string, string>;
      signal?: AbortSignal;
      isDryRun?: boolean;
    } = {},
  ) {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: { entityRef: PROJECT_REF, backend: 'local', ...input } as any,
      workspacePath: workspace,
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
      await fs.readFile(path.join(workspace, '.mx/state.yaml'), 'utf8'),
    );
  const tfstate = () =>
    fs.readFile(path.join(tfDir, 'terraform.tfstate'), 'utf8').catch(() => '');
  const gitStatus = () => repo.git('status', '--porcelain');
  const pendingPlan = () =>
    createLocalPlanStore(plansDir()).get({
      project: 'fraud-detection',
      bucket: 'acme-fraud-42-tfstate',
      prefix: 'mx/fraud-detection',
    });

  it('plans, saves the plan as the pending plan with what it was made from, and changes nothing', async () => {
    const head = await repo.git('rev-parse', 'HEAD');
    const { out, log } = await plan();
    expect(out.summary).toBe(
      'Plan: 1 to add, 0 to change, 0 to destroy.\n  + terraform_data.bucket (create)',
    );
    expect(out).toMatchObject({
      add: 1,
      change: 0,
      destroy: 0,
      changes: true,
      applied: false,
      planExpiresAt: '2026-11-29T12:00:00.000Z',
    });
    expect(out.resources).toEqual(['+ terraform_data.bucket (create)']);
    // The rendered plan is terraform's own text; sensitive output values stay masked.
    expect(out.plan).toContain('# terraform_data.bucket will be created');
    expect(out.plan).toContain('db_password  = (sensitive value)');
    expect(out.plan).not.toContain('hunter2');
    expect(log.text()).toContain(
      `apply exactly this plan with planId ${out.planId}`,
    );
    // "Apply this plan" opens the template with the project and this plan id.
    expect(out.applyUrl).toBe(
      `/create/templates/default/apply-infrastructure?formData=${encodeURIComponent(
        JSON.stringify({ project: PROJECT_REF, planId: out.planId }),
      )}`,
    );

    const saved = await pendingPlan();
    expect(saved).toMatchObject({
      id: out.planId,
      project: 'fraud-detection',
      entityRef: PROJECT_REF,
      createdAt: '2026-11-28T12:00:00.000Z',
      createdBy: 'user:default/ada',
      commit: head,
      workingDirectory: 'infrastructure/terraform',
      add: 1,
      rendered: out.plan,
    });
    expect(saved!.configHash).toMatch(/^[0-9a-f]{64}$/);
    // The binary plan is terraform's own (a zip), kept beside the record.
    const binary = await fs.readFile(
      path.join(plansDir(), 'fraud-detection', 'pending.tfplan'),
    );
    expect(binary.subarray(0, 2).toString()).toBe('PK');

    // A plan-only run changes nothing in the repository (so the template makes no commit) and
    // nothing in the infrastructure.
    expect(await gitStatus()).toBe('');
    expect(await tfstate()).not.toContain('terraform_data');
    expect(
      (await listFiles(workspace)).filter(f => f.includes('mx-scratch')),
    ).toEqual([]);
  });

  it('applies exactly the saved plan, writes outputs into the state, and consumes the plan', async () => {
    const planned = await plan();
    const applied = await apply(planned.out.planId);
    expect(applied.error).toBeUndefined();
    expect(applied.out).toMatchObject({
      applied: true,
      changes: true,
      add: 1,
      planId: planned.out.planId,
    });
    expect(applied.log.text()).toContain(
      `Applying saved plan ${planned.out.planId}`,
    );
    expect(applied.log.text()).toContain(
      'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.',
    );
    const state = await readState();
    expect(state.infrastructure.outputs).toEqual({
      bucket_label: 'v1',
      static_ip: '203.0.113.7',
    });
    expect(state.infrastructure.lastApply).toMatchObject({
      by: 'user:default/ada',
      add: 1,
    });
    expect(applied.log.text()).toContain('Output db_password is sensitive');
    expect(
      await fs.readFile(path.join(workspace, '.mx/state.yaml'), 'utf8'),
    ).not.toContain('hunter2');
    expect(await pendingPlan()).toBeUndefined();

    // Applying the same plan again is refused: it was consumed.
    const twice = await apply(planned.out.planId);
    expect(twice.error).toBeInstanceOf(ConflictError);
    expect(twice.error.message).toContain(
      'project fraud-detection has no pending plan',
    );

    const again = await plan();
    expect(again.out.summary).toBe(
      'No changes. Your infrastructure matches the configuration.',
    );
    expect(again.out).toMatchObject({ changes: false, planId: '' });
  });

  it('applies the reviewed plan, not a new one: variables given at apply time change nothing', async () => {
    const planned = await plan({ variables: { label: 'v2' } });
    const applied = await apply(planned.out.planId, {
      variables: { label: 'v3' },
    });
    expect(applied.error).toBeUndefined();
    expect(applied.out.outputs.bucket_label).toBe('v2');
    expect((await readState()).infrastructure.outputs.bucket_label).toBe('v2');
  });

  it('refuses a plan after a new commit on the repository, naming both commits', async () => {
    const planned = await plan();
    const planCommit = await repo.git('rev-parse', 'HEAD');
    await fs.writeFile(
      path.join(workspace, 'README.md'),
      'a teammate was here\n',
    );
    const newCommit = await repo.commitAll('A teammate pushes');
    const refused = await apply(planned.out.planId);
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(refused.error.message).toBe(
      `The saved plan ${
        planned.out.planId
      } of project fraud-detection is stale and was not applied: the repository has a new commit since the plan (planned at ${planCommit.slice(
        0,
        12,
      )}, now at ${newCommit.slice(
        0,
        12,
      )}). Run "Apply infrastructure" again without a plan id to plan afresh, review the new plan, and apply that one.`,
    );
    expect(refused.log.text()).not.toContain('terraform apply');
    expect(await tfstate()).not.toContain('terraform_data');
  });

  it('refuses a plan whose configuration was edited in the checkout without a commit', async () => {
    const planned = await plan();
    await fs.appendFile(
      path.join(tfDir, 'main.tf'),
      '\nresource "terraform_data" "extra" {}\n',
    );
    const refused = await apply(planned.out.planId);
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(refused.error.message).toContain(
      'the Terraform configuration in infrastructure/terraform differs from the one planned',
    );
    expect(await tfstate()).not.toContain('terraform_data');
  });

  it('refuses a plan when the state changed after it (serial differs), before terraform applies anything', async () => {
    const planned = await plan();
    // Someone applies outside MX between plan and apply: the state gets a new serial.
    await createCliRunner().run({
      command: 'terraform',
      args: ['apply', '-auto-approve', '-input=false', '-no-color'],
      cwd: tfDir,
      env: { TF_VAR_label: 'drift', CHECKPOINT_DISABLE: '1' },
    });
    const refused = await apply(planned.out.planId);
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(refused.error.message).toMatch(
      /is stale and was not applied: the Terraform state changed since the plan \(serial none then, \d+ now, another lineage\)/,
    );
    expect(refused.log.text()).not.toContain('Apply complete');
    expect(await tfstate()).toContain('"drift"');
  });

  it('refuses to plan in a workspace that is not a git checkout (no commit to record), before terraform runs', async () => {
    await fs.rm(path.join(workspace, '.git'), { recursive: true });
    const { ctx } = context({});
    const error = await runAction(action(), ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      '. is not a git checkout with a commit (git rev-parse HEAD: fatal: not a git repository',
    );
    await expect(fs.access(path.join(tfDir, '.terraform'))).rejects.toThrow();
    expect(await pendingPlan()).toBeUndefined();
  });

  it('refuses a plan older than mx.terraform.planMaxAge', async () => {
    const planned = await plan();
    clock = new Date('2026-11-29T12:00:01.000Z');
    const refused = await apply(planned.out.planId);
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(refused.error.message).toContain(
      'it was made at 2026-11-28T12:00:00.000Z, more than 24h ago (mx.terraform.planMaxAge)',
    );
    expect(await tfstate()).not.toContain('terraform_data');
  });

  it('keeps one pending plan per project: a newer plan replaces the older, which is then refused', async () => {
    const first = await plan({ variables: { label: 'first' } });
    clock = new Date('2026-11-28T12:05:00.000Z');
    const second = await plan({ variables: { label: 'second' } });
    expect(second.out.planId).not.toBe(first.out.planId);
    const refused = await apply(first.out.planId);
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(refused.error.message).toBe(
      `Plan ${first.out.planId} is no longer the pending plan of project fraud-detection: plan ${second.out.planId}, made at 2026-11-28T12:05:00.000Z by user:default/ada, replaced it. Nothing was applied. Review the pending plan on the project page and apply that one.`,
    );
    const applied = await apply(second.out.planId);
    expect(applied.out.outputs.bucket_label).toBe('second');
  });

  it("reports terraform's own refusal of a stale saved plan clearly", async () => {
    const planned = await plan();
    // Rewrite the record so our own serial check passes, then change the state: only terraform's
    // check ("Saved plan is stale") is left to catch it.
    await createCliRunner().run({
      command: 'terraform',
      args: ['apply', '-auto-approve', '-input=false', '-no-color'],
      cwd: tfDir,
      env: { TF_VAR_label: 'drift', CHECKPOINT_DISABLE: '1' },
    });
    const pulled = JSON.parse(await tfstate());
    const record = path.join(plansDir(), 'fraud-detection', 'pending.json');
    const saved = JSON.parse(await fs.readFile(record, 'utf8'));
    await fs.writeFile(
      record,
      JSON.stringify({
        ...saved,
        stateSerial: pulled.serial,
        stateLineage: pulled.lineage,
      }),
    );
    const refused = await apply(planned.out.planId);
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(refused.error.message).toContain(
      'Terraform refused the saved plan of project fraud-detection as stale ("Saved plan is stale")',
    );
    expect(await tfstate()).toContain('"drift"');
  });

  it('refuses a second plan while an apply holds the lock, naming the holder; cancelling the apply releases it', async () => {
    const slow = await plan({ variables: { sleep_seconds: 120 } });
    const controller = new AbortController();
    const holder = context(
      { planId: slow.out.planId },
      { signal: controller.signal },
    );
    const running = runAction(action(), holder.ctx).catch(e => e);
    for (
      let i = 0;
      !holder.log.text().includes("Provisioning with 'local-exec'");
      i++
    ) {
      if (i > 1200)
        throw new Error(`apply never started:\n${holder.log.text()}`);
      await new Promise(r => setTimeout(r, 50));
    }

    const second = context({});
    const error = await runAction(action(), second.ctx).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      /is locked by \S+@\S+ \(operation: Apply, since 20\d\d-/,
    );
    expect(error.message).toContain('Do not force-unlock');
    expect(second.log.text()).not.toContain('force-unlock -');

    controller.abort();
    const cancelled = await running;
    expect(cancelled).toBeInstanceOf(CliError);
    expect(cancelled.result.cancelled).toBe(true);
    expect(holder.log.text()).toContain('Interrupt received');

    // The lock was released: the next plan and apply go through.
    const next = await plan();
    const applied = await apply(next.out.planId);
    expect(applied.error).toBeUndefined();
    expect((await readState()).infrastructure.outputs.bucket_label).toBe('v1');
  });

  it('does not apply again when a retried task finds the apply checkpoint done', async () => {
    const planned = await plan();
    const done = new Map<string, unknown>();
    const checkpoint = async (opts: {
      key: string;
      fn: () => Promise<any>;
    }) => {
      if (!done.has(opts.key)) done.set(opts.key, (await opts.fn()) ?? null);
      return done.get(opts.key) as any;
    };
    const first = context({ planId: planned.out.planId });
    await runAction(action(), { ...first.ctx, checkpoint });
    expect(first.log.text()).toContain('Apply complete!');
    expect([...done.keys()]).toEqual([
      `mx.terraform.apply.${planned.out.planId}`,
    ]);

    // The retry of the same task finds the apply done: terraform apply does not run again, and
    // the outputs are still recorded.
    const retry = context({ planId: planned.out.planId });
    await runAction(action(), { ...retry.ctx, checkpoint });
    expect(retry.log.text()).not.toContain('Apply complete!');
    expect(outputsOf(retry.ctx)).toMatchObject({ applied: true });
  });

  it('hands credentials to terraform by environment only and redacts them everywhere', async () => {
    const secret = 'ya29.mx-distinctive-token-5b1e77';
    const extra = { secrets: { gcpCredentials: secret } };
    const planned = await plan({ credentialsSecret: 'gcpCredentials' }, extra);
    const applied = await apply(
      planned.out.planId,
      { credentialsSecret: 'gcpCredentials' },
      extra,
    );
    expect(applied.error).toBeUndefined();
    // terraform's provisioner echoed the token; the log shows it masked.
    expect(applied.log.text()).toContain('provisioning with token=***');
    expect(applied.log.text()).not.toContain(secret);
    expect(JSON.stringify([planned.out, applied.out])).not.toContain(secret);
    expect(await filesContaining(workspace, secret)).toEqual([]);
    expect(await filesContaining(plansDir(), secret)).toEqual([]);
  });

  it('redacts a credential that terraform prints in a failure from the error and the log', async () => {
    const secret = 'ya29.mx-failing-token-9e8d7c';
    await fs.writeFile(
      path.join(tfDir, 'main.tf'),
      MAIN_TF.replace(
        /sleep \$\{var\.sleep_seconds\}/,
        'echo denied for $GOOGLE_OAUTH_ACCESS_TOKEN >&2; exit 7',
      ),
    );
    await repo.commitAll('A provisioner that fails');
    const extra = { secrets: { gcpCredentials: secret } };
    const planned = await plan({ credentialsSecret: 'gcpCredentials' }, extra);
    const { error, log } = await apply(
      planned.out.planId,
      { credentialsSecret: 'gcpCredentials' },
      extra,
    );
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain('terraform apply');
    expect(
      `${error.message}${error.stack}${JSON.stringify(error.result)}`,
    ).not.toContain(secret);
    expect(log.text()).toContain('denied for ***');
    expect(log.text()).not.toContain(secret);
    expect(await filesContaining(workspace, secret)).toEqual([]);
  });

  it('lets the owner group and admin groups run it, and tells anyone else who may', async () => {
    const stranger = context({}, { user: STRANGER });
    const refused = await runAction(action(), stranger.ctx).catch(e => e);
    expect(refused).toBeInstanceOf(NotAllowedError);
    expect(refused.message).toBe(
      'Only the owners of component:default/fraud-detection (group:default/ml-team) or mx.admins (group:default/platform) may run mx:terraform:apply on it; you are user:default/mallory (mx:terraform:apply changed nothing). Ask an owner to run it or to add you to group:default/ml-team.',
    );
    const admin = await plan({}, { user: ADMIN });
    expect(admin.out.add).toBe(1);
    expect(admin.log.text()).toContain('via group:default/platform');
    // Applying someone else's reviewed plan is an operation too: owners and admins only.
    const strangerApply = await apply(admin.out.planId, {}, { user: STRANGER });
    expect(strangerApply.error).toBeInstanceOf(NotAllowedError);
    expect(await pendingPlan()).toMatchObject({ id: admin.out.planId });
  });

  it('refuses an entityRef that is not the project checked out in the workspace', async () => {
    const notOwner = context({ entityRef: 'component:default/churn-model' });
    await expect(runAction(action(), notOwner.ctx)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    const admin = context(
      { entityRef: 'component:default/churn-model' },
      { user: ADMIN },
    );
    await expect(runAction(action(), admin.ctx)).rejects.toThrow(
      "component:default/churn-model is not the project in the workspace (its state names 'fraud-detection')",
    );
  });

  it('in dry-run only validates the configuration without a backend', async () => {
    const { ctx } = context({}, { isDryRun: true });
    await runAction(action(), ctx);
    expect(outputsOf(ctx)).toMatchObject({
      applied: false,
      changes: false,
      planId: '',
    });
    expect(outputsOf(ctx).summary).toContain(
      'Dry run: the configuration is valid',
    );
    await expect(
      fs.access(path.join(tfDir, 'terraform.tfstate')),
    ).rejects.toThrow();
    expect(await pendingPlan()).toBeUndefined();
  });

  it('refuses a dry-run by someone outside the owner group before terraform runs', async () => {
    const { ctx, log } = context({}, { user: STRANGER, isDryRun: true });
    await expect(runAction(action(), ctx)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    expect(log.text()).not.toContain('terraform');
    await expect(fs.access(path.join(tfDir, '.terraform'))).rejects.toThrow();
  });

  it.each([
    ['workingDirectory', '../outside'],
    ['workingDirectory', '/etc'],
    ['workingDirectory', '-chdir=/'],
    ['workingDirectory', 'infra\n-chdir=/'],
    ['targetPath', '../..'],
    ['targetPath', '/'],
    ['lockTimeout', '1s; rm -rf /'],
    ['lockTimeout', '$(touch pwned)'],
    ['credentialsSecret', '../../etc/passwd'],
    ['backend', 'gcs; rm -rf /'],
    ['entityRef', '$(touch pwned)'],
    ['entityRef', 'component:default/../../etc'],
    ['entityRef', 'component:default/fraud-detection; rm -rf /'],
    ['planId', '../../etc/passwd'],
    ['planId', '$(touch pwned)'],
  ])(
    'rejects hostile %s %j with an InputError and touches nothing',
    async (key, value) => {
      const before = await listFiles(root.path);
      const { ctx } = context({ [key]: value });
      await expect(runAction(action(), ctx)).rejects.toBeInstanceOf(InputError);
      expect(await listFiles(root.path)).toEqual(before);
    },
  );

  it('passes hostile variable values inertly through the environment', async () => {
    const hostile = '$(touch pwned); echo hi\n-chdir=/ `id` ../../x';
    const planned = await plan({ variables: { label: hostile } });
    const applied = await apply(planned.out.planId);
    expect(applied.out.outputs.bucket_label).toBe(hostile);
    expect(
      (await listFiles(root.path)).filter(f => f.includes('pwned')),
    ).toEqual([]);
  });

  it('rejects a hostile variable name', async () => {
    const { ctx } = context({ variables: { 'x; rm -rf /': 'a' } });
    await expect(runAction(action(), ctx)).rejects.toBeInstanceOf(InputError);
  });
});

describe('mx:terraform:apply state bucket bootstrap (gcloud stand-in)', () => {
  const root = createMockDirectory();

  it('creates the bucket only when gcloud says it does not exist, then inits the GCS backend', async () => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(path.join(workspace, 'infrastructure/terraform'), {
      recursive: true,
    });
    await seedState(workspace);
    await initGitRepo(workspace);
    const bin = root.resolve('bin');
    // Stand-in for gcloud (Cloud SDK 528): `storage buckets describe` of a missing bucket prints
    // "ERROR: (gcloud.storage.buckets.describe) gs://<b> not found: 404." and exits 1;
    // `storage buckets create` prints "Creating gs://<b>/..." on stderr and exits 0.
    const gcloud = await writeStandIn(
      bin,
      'gcloud',
      `record();
       if (argv[0] === 'storage' && argv[2] === 'describe') {
         if (fs.existsSync(${JSON.stringify(
           path.join(bin, 'bucket-exists'),
         )})) { console.log(argv[3].slice(5)); process.exit(0); }
         console.error('ERROR: (gcloud.storage.buckets.describe) ' + argv[3] + ' not found: 404.'); process.exit(1);
       }
       if (argv[0] === 'storage' && argv[2] === 'create') {
         fs.writeFileSync(${JSON.stringify(
           path.join(bin, 'bucket-exists'),
         )}, '');
         console.error('Creating ' + argv[3] + '/...'); process.exit(0);
       }
       process.exit(2);`,
    );
    // Stand-in for terraform (a GCS backend needs the network): answers like terraform 1.11.
    const terraform = await writeStandIn(bin, 'terraform', TERRAFORM_STAND_IN);
    const runner = createCliRunner({
      tools: {
        gcloud: { path: gcloud.path },
        terraform: { path: terraform.path },
      },
    });
    const run = async () => {
      const ctx = createMockActionContext({
        input: {
          entityRef: PROJECT_REF,
          bootstrapBucket: true,
          credentialsSecret: 'gcp',
        },
        workspacePath: workspace,
        user: OWNER,
        secrets: {
          gcp: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----mx-key-1234"}',
        },
      });
      await runAction(
        createTerraformApplyAction({
          runner,
          catalog: testCatalog(),
          config,
          plans: {
            store: createLocalPlanStore(root.resolve('plans')),
            maxAgeMs: 3_600_000,
            maxAge: '1h',
          },
        }),
        ctx,
      );
      return ctx;
    };
    await run();
    await run();
    const calls = await gcloud.calls();
    expect(calls.map(c => c.argv)).toEqual([
      [
        'storage',
        'buckets',
        'describe',
        'gs://acme-fraud-42-tfstate',
        '--project=acme-fraud-42',
        '--format=value(name)',
      ],
      [
        'storage',
        'buckets',
        'create',
        'gs://acme-fraud-42-tfstate',
        '--project=acme-fraud-42',
        '--location=europe-west4',
        '--uniform-bucket-level-access',
      ],
      [
        'storage',
        'buckets',
        'describe',
        'gs://acme-fraud-42-tfstate',
        '--project=acme-fraud-42',
        '--format=value(name)',
      ],
    ]);
    // gcloud got the key through a credential file override, removed after the run.
    expect(calls[0].env.CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE).toMatch(
      /gcloud-credentials$/,
    );
    await expect(
      fs.access(calls[0].env.CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE),
    ).rejects.toThrow();
    const tfCalls = (await terraform.calls()).map(c => c.argv);
    expect(tfCalls).toContainEqual([
      'init',
      '-input=false',
      '-no-color',
      '-reconfigure',
      '-backend-config=bucket=acme-fraud-42-tfstate',
      '-backend-config=prefix=mx/fraud-detection',
    ]);
    expect((await terraform.calls())[1].env.GOOGLE_CREDENTIALS).toContain(
      'service_account',
    );
    expect(await filesContaining(workspace, 'mx-key-1234')).toEqual([]);
  });
});

describe('terraform output parsing', () => {
  it('counts a replacement as one add and one destroy', () => {
    expect(
      summarizePlan({
        resource_changes: [
          { address: 'a.b', change: { actions: ['delete', 'create'] } },
          { address: 'c.d', change: { actions: ['no-op'] } },
          { address: 'e.f', change: { actions: ['delete'] } },
        ],
      }),
    ).toEqual({
      add: 1,
      change: 0,
      destroy: 2,
      resources: ['-/+ a.b (replace)', '- e.f (destroy)'],
    });
  });

  it("reports a GCS lock's holder and age from terraform's Lock Info", () => {
    const stderr = `Error: Error acquiring the state lock

Error message: writing "gs://acme-fraud-42-tfstate/mx/fraud-detection/default.tflock" failed: googleapi: Error 412: At least one of the pre-conditions you specified did not hold., conditionNotMet
Lock Info:
  ID:        1764340098123456
  Path:      gs://acme-fraud-42-tfstate/mx/fraud-detection/default.tflock
  Operation: OperationTypePlan
  Who:       bob@ci-runner-7
  Version:   1.11.4
  Created:   2026-11-28 11:15:00.5 +0000 UTC
  Info:
`;
    const lock = parseLockInfo(stderr)!;
    expect(
      lockConflictMessage(
        'project fraud-detection',
        lock,
        new Date('2026-11-28T12:00:00Z'),
      ),
    ).toBe(
      "The Terraform state of project fraud-detection is locked by bob@ci-runner-7 (operation: Plan, since 2026-11-28T11:15:00.500Z, 45 minutes ago, lock ID 1764340098123456). Another plan or apply is running on this project: wait for it to finish and run this template again. Do not force-unlock the state while its holder may still be running — that can corrupt it; if the holder is certainly gone, ask the project's owners to check before anyone unlocks it.",
    );
  });
});
