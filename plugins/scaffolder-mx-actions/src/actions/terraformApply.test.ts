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
  PROJECT_REF,
  STRANGER,
  outputsOf,
  runAction,
  seedState,
  testCatalog,
} from '../__testUtils__/project';
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

  beforeEach(async () => {
    root.clear();
    workspace = root.resolve('workspace');
    tfDir = path.join(workspace, 'infrastructure', 'terraform');
    await fs.mkdir(tfDir, { recursive: true });
    await fs.writeFile(path.join(tfDir, 'main.tf'), MAIN_TF);
    await seedState(workspace);
  });

  const action = () =>
    createTerraformApplyAction({
      runner: createCliRunner(),
      catalog: testCatalog(),
      config,
      now: () => new Date('2026-11-28T12:00:00.000Z'),
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

  const readState = async () =>
    parseState(
      await fs.readFile(path.join(workspace, '.mx/state.yaml'), 'utf8'),
    );

  it('plans, reports the summary, and applies nothing without approval', async () => {
    const { ctx, log } = context({});
    await runAction(action(), ctx);
    const out = outputsOf(ctx);
    expect(out.summary).toBe(
      'Plan: 1 to add, 0 to change, 0 to destroy.\n  + terraform_data.bucket (create)',
    );
    expect(out).toMatchObject({
      add: 1,
      change: 0,
      destroy: 0,
      changes: true,
      applied: false,
    });
    expect(out.resources).toEqual(['+ terraform_data.bucket (create)']);
    expect(log.text()).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(log.text()).toContain('run again with approved: true');
    // Nothing was applied: no resource in the terraform state, no outputs in the project state.
    const tfstate = await fs
      .readFile(path.join(tfDir, 'terraform.tfstate'), 'utf8')
      .catch(() => '');
    expect(tfstate).not.toContain('terraform_data');
    const state = await readState();
    expect(state.infrastructure.outputs).toEqual({});
    expect(state.infrastructure.lastApply).toBeUndefined();
    expect(state.infrastructure.lastPlan).toEqual({
      at: '2026-11-28T12:00:00.000Z',
      by: 'user:default/ada',
      add: 1,
      change: 0,
      destroy: 0,
    });
    // The saved plan lives in a scratch folder that is removed afterwards.
    expect(
      (await listFiles(workspace)).filter(f => f.includes('mx-scratch')),
    ).toEqual([]);
  });

  it('applies the saved plan when approved, writes outputs into the state, then reports no changes', async () => {
    const first = context({ approved: true });
    await runAction(action(), first.ctx);
    expect(outputsOf(first.ctx)).toMatchObject({
      applied: true,
      changes: true,
      add: 1,
    });
    expect(first.log.text()).toContain(
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
    expect(first.log.text()).toContain('Output db_password is sensitive');
    expect(
      await fs.readFile(path.join(workspace, '.mx/state.yaml'), 'utf8'),
    ).not.toContain('hunter2');

    const again = context({ approved: true });
    await runAction(action(), again.ctx);
    const out = outputsOf(again.ctx);
    expect(out.summary).toBe(
      'No changes. Your infrastructure matches the configuration.',
    );
    expect(out).toMatchObject({ changes: false, applied: false, add: 0 });
    expect(out.outputs).toEqual({
      bucket_label: 'v1',
      static_ip: '203.0.113.7',
    });
  });

  it('applies only the reviewed plan: a change that was not planned is not applied', async () => {
    const change = context({ approved: true, variables: { label: 'v2' } });
    await runAction(action(), change.ctx);
    expect(outputsOf(change.ctx).outputs.bucket_label).toBe('v2');
    const replan = context({ approved: false, variables: { label: 'v3' } });
    await runAction(action(), replan.ctx);
    expect(outputsOf(replan.ctx)).toMatchObject({ change: 1, applied: false });
    expect(outputsOf(replan.ctx).resources).toEqual([
      '~ terraform_data.bucket (update)',
    ]);
    expect((await readState()).infrastructure.outputs.bucket_label).toBe('v2');
  });

  it('refuses a second apply while the first holds the lock, naming the holder; cancelling the first releases it', async () => {
    const controller = new AbortController();
    const holder = context(
      { approved: true, variables: { sleep_seconds: 120 } },
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

    const second = context({ approved: true });
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

    // The lock was released: the next apply goes through (and replaces the interrupted resource).
    const next = context({ approved: true });
    await runAction(action(), next.ctx);
    expect(outputsOf(next.ctx)).toMatchObject({ applied: true });
    expect((await readState()).infrastructure.outputs.bucket_label).toBe('v1');
  });

  it('does not apply again when a retried task finds the apply checkpoint done', async () => {
    const done = new Map<string, unknown>();
    const first = context({ approved: true });
    const recording = {
      ...first.ctx,
      async checkpoint(opts: { key: string; fn: () => Promise<any> }) {
        if (!done.has(opts.key)) done.set(opts.key, (await opts.fn()) ?? null);
        return done.get(opts.key) as any;
      },
    };
    await runAction(action(), recording);
    expect(first.log.text()).toContain('Apply complete!');
    expect([...done.keys()]).toEqual([
      'mx.terraform.apply.infrastructure/terraform',
    ]);

    // The retry re-plans (a new label, as if the config changed meanwhile) but the checkpoint
    // says the apply step already ran: terraform apply is not run a second time.
    const retry = context({ approved: true, variables: { label: 'v2' } });
    await runAction(action(), {
      ...retry.ctx,
      checkpoint: recording.checkpoint,
    });
    expect(retry.log.text()).toContain(
      'Plan: 0 to add, 1 to change, 0 to destroy.',
    );
    expect(retry.log.text()).not.toContain('Apply complete!');
  });

  it('hands credentials to terraform by environment only and redacts them everywhere', async () => {
    const secret = 'ya29.mx-distinctive-token-5b1e77';
    const { ctx, log } = context(
      { approved: true, credentialsSecret: 'gcpCredentials' },
      { secrets: { gcpCredentials: secret } },
    );
    await runAction(action(), ctx);
    // terraform's provisioner echoed the token; the log shows it masked.
    expect(log.text()).toContain('provisioning with token=***');
    expect(log.text()).not.toContain(secret);
    expect(JSON.stringify(outputsOf(ctx))).not.toContain(secret);
    expect(await filesContaining(workspace, secret)).toEqual([]);
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
    const { ctx, log } = context(
      { approved: true, credentialsSecret: 'gcpCredentials' },
      { secrets: { gcpCredentials: secret } },
    );
    const error = await runAction(action(), ctx).catch(e => e);
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
    const admin = context({}, { user: ADMIN });
    await runAction(action(), admin.ctx);
    expect(outputsOf(admin.ctx).add).toBe(1);
    expect(admin.log.text()).toContain('via group:default/platform');
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
    const { ctx } = context({ approved: true }, { isDryRun: true });
    await runAction(action(), ctx);
    expect(outputsOf(ctx)).toMatchObject({ applied: false, changes: false });
    expect(outputsOf(ctx).summary).toContain(
      'Dry run: the configuration is valid',
    );
    await expect(
      fs.access(path.join(tfDir, 'terraform.tfstate')),
    ).rejects.toThrow();
    expect((await readState()).infrastructure.lastPlan).toBeUndefined();
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
    const { ctx } = context({ approved: true, variables: { label: hostile } });
    await runAction(action(), ctx);
    expect(outputsOf(ctx).outputs.bucket_label).toBe(hostile);
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
        createTerraformApplyAction({ runner, catalog: testCatalog(), config }),
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
