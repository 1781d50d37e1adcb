/*
 * One identity per client project, end to end through the actions: mx:devspace:deploy and
 * mx:cloudbuild:enable as each project's own operator, and how impersonation is refused or off.
 * Shared setup: __testUtils__/identity.ts.
 */
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CHURN, FRAUD, useIdentityProjects } from '../__testUtils__/identity';
import { outputsOf, runAction, testCatalog } from '../__testUtils__/project';
import { createCloudbuildEnableAction } from '../actions/cloudbuildEnable';
import { createDevspaceDeployAction } from '../actions/devspaceDeploy';
import {
  GCLOUD_CREDENTIALS_STAND_IN,
  GCLOUD_TRIGGERS_STAND_IN,
} from '../__testUtils__/standIns';

describe('one identity per client project', () => {
  const w = useIdentityProjects();

  it("devspace:deploy fetches cluster credentials and deploys as each project's own operator", async () => {
    await w.useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const seen = { text: '', outputs: '' };
    for (const client of [FRAUD, CHURN]) {
      const dir = await w.project(client);
      const { ctx, log } = w.context(client, dir, {
        entityRef: client.ref,
        cluster: 'fraud-detection',
      });
      await runAction(
        createDevspaceDeployAction({
          runner: w.runner(),
          catalog: testCatalog(),
          config: w.config(true),
        }),
        ctx,
      );
      seen.text += log.text();
      seen.outputs += JSON.stringify(outputsOf(ctx));
    }
    const calls = await w.gcloud.calls();
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
    const tokens = await w.issued();
    // devspace (through the kubeconfig's auth plugin) used each project's own token.
    expect(
      (await fs.readFile(`${w.devspace.path}.seen`, 'utf8')).trim().split('\n'),
    ).toEqual(tokens.map(t => t.token));
    expect(seen.text).toContain('gke-gcloud-auth-plugin: bearer ***');
    for (const t of tokens) await w.assertNowhere(t.token, seen);
  });

  it('cloudbuild:enable creates the trigger as the project operator, token redacted', async () => {
    await w.useGcloud(GCLOUD_TRIGGERS_STAND_IN);
    const dir = await w.project(FRAUD);
    const { ctx, log } = w.context(FRAUD, dir, {
      trigger: 'gcloud',
      githubOwner: 'acme-ml',
    });
    await runAction(
      createCloudbuildEnableAction({
        runner: w.runner(),
        config: w.config(true),
      }),
      ctx,
    );
    const calls = await w.gcloud.calls();
    expect(calls[0].argv[2]).toBe(`--impersonate-service-account=${FRAUD.sa}`);
    expect(calls.slice(1).map(c => c.argv.slice(0, 3).join(' '))).toEqual([
      'builds triggers describe',
      'builds triggers create',
    ]);
    expect(log.text()).toContain('using access token ***');
    const [{ token }] = await w.issued();
    await w.assertNowhere(token, {
      text: log.text(),
      outputs: JSON.stringify(outputsOf(ctx)),
    });
  });

  it("refuses an operator account of another client's GCP project", async () => {
    await w.useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await w.project({ ...FRAUD, sa: CHURN.sa }, 'named');
    const { ctx } = w.context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      cluster: 'fraud-detection',
    });
    const error = await runAction(
      createDevspaceDeployAction({
        runner: w.runner(),
        catalog: testCatalog(),
        config: w.config(true),
      }),
      ctx,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `The operator service account ${CHURN.sa} belongs to GCP project globex-churn-7, not to acme-fraud-42`,
    );
    expect(await w.gcloud.calls()).toEqual([]);
  });

  it('says which role the backend lacks when it may not impersonate the operator', async () => {
    await w.useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    await fs.writeFile(path.join(w.bin(), 'gcloud.grants'), '');
    const dir = await w.project(FRAUD);
    const { ctx } = w.context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      cluster: 'fraud-detection',
    });
    const error = await runAction(
      createDevspaceDeployAction({
        runner: w.runner(),
        catalog: testCatalog(),
        config: w.config(true),
      }),
      ctx,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`could not impersonate ${FRAUD.sa}`);
    expect(error.message).toContain('roles/iam.serviceAccountTokenCreator');
    expect((await w.devspace.calls()).map(c => c.argv[0])).not.toContain(
      'deploy',
    );
  });

  it('with impersonation off (the embedded default) uses the backend credentials and asks for no token', async () => {
    await w.useGcloud(GCLOUD_CREDENTIALS_STAND_IN);
    const dir = await w.project(FRAUD, 'none');
    const { ctx, log } = w.context(FRAUD, dir, {
      entityRef: FRAUD.ref,
      cluster: 'fraud-detection',
    });
    await runAction(
      createDevspaceDeployAction({
        runner: w.runner(),
        catalog: testCatalog(),
        config: w.config(false),
      }),
      ctx,
    );
    expect(await w.tokenCalls()).toEqual([]);
    expect(log.text()).toContain("with the backend's own credentials");
  });
});
