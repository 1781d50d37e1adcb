import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli/runner';
import { filesContaining, listFiles } from '../__testUtils__';
import {
  ADMIN,
  STRANGER,
  outputsOf,
  runAction,
} from '../__testUtils__/project';
import {
  MAIN_TF,
  useTerraformProject,
} from '../__testUtils__/terraformProject';

jest.setTimeout(120_000);

// Locks, retries, credentials, who may run it and hostile input (real terraform, offline).
describe('mx:terraform:apply with real terraform: safety', () => {
  const t = useTerraformProject();
  const { plansDir, action, context, plan, apply, readState, pendingPlan } = t;

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
    expect(await filesContaining(t.workspace, secret)).toEqual([]);
    expect(await filesContaining(plansDir(), secret)).toEqual([]);
  });

  it('redacts a credential that terraform prints in a failure from the error and the log', async () => {
    const secret = 'ya29.mx-failing-token-9e8d7c';
    await fs.writeFile(
      path.join(t.tfDir, 'main.tf'),
      MAIN_TF.replace(
        /sleep \$\{var\.sleep_seconds\}/,
        'echo denied for $GOOGLE_OAUTH_ACCESS_TOKEN >&2; exit 7',
      ),
    );
    await t.repo.commitAll('A provisioner that fails');
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
    expect(await filesContaining(t.workspace, secret)).toEqual([]);
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
      fs.access(path.join(t.tfDir, 'terraform.tfstate')),
    ).rejects.toThrow();
    expect(await pendingPlan()).toBeUndefined();
  });

  it('refuses a dry-run by someone outside the owner group before terraform runs', async () => {
    const { ctx, log } = context({}, { user: STRANGER, isDryRun: true });
    await expect(runAction(action(), ctx)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    expect(log.text()).not.toContain('terraform');
    await expect(fs.access(path.join(t.tfDir, '.terraform'))).rejects.toThrow();
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
      const before = await listFiles(t.root.path);
      const { ctx } = context({ [key]: value });
      await expect(runAction(action(), ctx)).rejects.toBeInstanceOf(InputError);
      expect(await listFiles(t.root.path)).toEqual(before);
    },
  );

  it('passes hostile variable values inertly through the environment', async () => {
    const hostile = '$(touch pwned); echo hi\n-chdir=/ `id` ../../x';
    const planned = await plan({ variables: { label: hostile } });
    const applied = await apply(planned.out.planId);
    expect(applied.out.outputs.bucket_label).toBe(hostile);
    expect(
      (await listFiles(t.root.path)).filter(f => f.includes('pwned')),
    ).toEqual([]);
  });

  it('rejects a hostile variable name', async () => {
    const { ctx } = context({ variables: { 'x; rm -rf /': 'a' } });
    await expect(runAction(action(), ctx)).rejects.toBeInstanceOf(InputError);
  });
});
