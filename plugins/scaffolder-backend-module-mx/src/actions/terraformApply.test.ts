import { ConflictError, InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import { listFiles } from '../__testUtils__';
import { PROJECT_REF, runAction } from '../__testUtils__/project';
import { useTerraformProject } from '../__testUtils__/terraformProject';

jest.setTimeout(120_000);

// Plan, review, apply: the saved plan and what makes it stale (real terraform, offline).
describe('mx:terraform:apply with real terraform', () => {
  const t = useTerraformProject();
  const {
    plansDir,
    action,
    context,
    plan,
    apply,
    readState,
    tfstate,
    gitStatus,
    pendingPlan,
  } = t;

  it('plans, saves the plan as the pending plan with what it was made from, and changes nothing', async () => {
    const head = await t.repo.git('rev-parse', 'HEAD');
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
      (await listFiles(t.workspace)).filter(f => f.includes('mx-scratch')),
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
      await fs.readFile(path.join(t.workspace, '.mx/state.yaml'), 'utf8'),
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
    const planCommit = await t.repo.git('rev-parse', 'HEAD');
    await fs.writeFile(
      path.join(t.workspace, 'README.md'),
      'a teammate was here\n',
    );
    const newCommit = await t.repo.commitAll('A teammate pushes');
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
      path.join(t.tfDir, 'main.tf'),
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
      cwd: t.tfDir,
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
    await fs.rm(path.join(t.workspace, '.git'), { recursive: true });
    const { ctx } = context({});
    const error = await runAction(action(), ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      '. is not a git checkout with a commit (git rev-parse HEAD: fatal: not a git repository',
    );
    await expect(fs.access(path.join(t.tfDir, '.terraform'))).rejects.toThrow();
    expect(await pendingPlan()).toBeUndefined();
  });

  it('refuses a plan older than mx.terraform.planMaxAge', async () => {
    const planned = await plan();
    t.clock = new Date('2026-11-29T12:00:01.000Z');
    const refused = await apply(planned.out.planId);
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(refused.error.message).toContain(
      'it was made at 2026-11-28T12:00:00.000Z, more than 24h ago (mx.terraform.planMaxAge)',
    );
    expect(await tfstate()).not.toContain('terraform_data');
  });

  it('keeps one pending plan per project: a newer plan replaces the older, which is then refused', async () => {
    const first = await plan({ variables: { label: 'first' } });
    t.clock = new Date('2026-11-28T12:05:00.000Z');
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
      cwd: t.tfDir,
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
});
