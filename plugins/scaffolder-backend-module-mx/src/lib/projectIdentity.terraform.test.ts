/*
 * One identity per client project, end to end through the actions: mx:terraform:apply (real terraform)
 * plans and applies as each project's own operator, or refuses before any tool runs.
 * Shared setup: __testUtils__/identity.ts.
 */
import { InputError } from '@backstage/errors';
import { STATE_FILE_PATH, parseState } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { initGitRepo, outputsOf, runAction } from '../__testUtils__/project';
import { GCLOUD_CREDENTIALS_STAND_IN } from '../__testUtils__/standIns';
import { CHURN, FRAUD, useIdentityProjects } from '../__testUtils__/identity';

describe('one identity per client project', () => {
  const w = useIdentityProjects();

  it('terraform:apply runs each project as its own operator, with a token passed by env only and redacted', async () => {
    await w.useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const fraudDir = await w.project(FRAUD, 'output');
    const churnDir = await w.project(CHURN, 'named');
    const fraud = await w.planAndApply(FRAUD, fraudDir);
    const churn = await w.planAndApply(CHURN, churnDir);

    // Plan and apply each asked for a token of THAT project's operator, never the backend's own.
    const calls = await w.tokenCalls();
    expect(calls.map(c => c.argv[2])).toEqual([
      `--impersonate-service-account=${FRAUD.sa}`,
      `--impersonate-service-account=${FRAUD.sa}`,
      `--impersonate-service-account=${CHURN.sa}`,
      `--impersonate-service-account=${CHURN.sa}`,
    ]);
    const tokens = await w.issued();
    expect(new Set(tokens.map(t => t.token)).size).toBe(4);
    // terraform received the token of the apply's own request through GOOGLE_OAUTH_ACCESS_TOKEN.
    expect(fraud.witness).toBe(tokens[1].token);
    expect(churn.witness).toBe(tokens[3].token);
    expect(fraud.text).toContain('operating with token=***');
    expect(fraud.text).toContain(`as ${FRAUD.sa}`);
    expect(churn.text).toContain(`as ${CHURN.sa}`);
    for (const t of tokens) {
      await w.assertNowhere(t.token, fraud);
      await w.assertNowhere(t.token, churn);
    }
  });

  it('refuses a project without an operator service account or key, saying how to bootstrap, before any tool runs', async () => {
    await w.useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await w.project(FRAUD, 'none');
    const { ctx } = w.context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      backend: 'local',
      variables: { witness: w.root.resolve('w') },
    });
    const error = await runAction(w.terraformAction(), ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'Project fraud-detection (GCP project acme-fraud-42) has no operator service account yet',
    );
    expect(error.message).toContain('gcloud auth print-access-token');
    expect(error.message).toContain('infrastructure.operatorServiceAccount');
    expect(await w.gcloud.calls()).toEqual([]);
    expect(outputsOf(ctx).planId).toBeUndefined();
  });

  it("bootstraps with a platform admin's own token in the credentials secret, then the apply records the operator", async () => {
    await w.useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await w.project(FRAUD, 'none');
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
      variables: { witness: w.root.resolve('w') },
    };
    const planned = w.context(FRAUD, dir, input, { gcp: adminToken });
    await runAction(w.terraformAction(), planned.ctx);
    const applied = w.context(
      FRAUD,
      dir,
      { ...input, planId: outputsOf(planned.ctx).planId },
      { gcp: adminToken },
    );
    await runAction(w.terraformAction(), applied.ctx);
    expect(await fs.readFile(w.root.resolve('w'), 'utf8')).toBe(adminToken);
    expect(await w.tokenCalls()).toEqual([]);
    expect(applied.log.text()).not.toContain(adminToken);
    const state = parseState(
      await fs.readFile(path.join(dir, STATE_FILE_PATH), 'utf8'),
    );
    // From now on MX impersonates the account the first apply created.
    expect(state.infrastructure.outputs.operator_service_account).toBe(
      FRAUD.sa,
    );
  });
});
