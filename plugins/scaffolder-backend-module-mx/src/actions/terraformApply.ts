import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PendingPlan, applyPlanUrl } from '@mx-backstage/plugin-mx-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { CliRunner } from '../cli/runner';
import { createScratchDir, readGoogleCredentials } from '../lib/credentials';
import { resolveTaskIdentity } from '../lib/projectIdentity';
import { assertOperatorOfWorkspaceProject } from '../lib/operatorCheck';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { assertNoOpenMxPullRequest } from '../lib/openPullRequestGuard';
import { safeChildPath, workspaceRepoDir } from '../lib/paths';
import {
  PlanLocation,
  TerraformPlanSettings,
  newPlanId,
  readTerraformPlanSettings,
} from '../lib/planStore';
import { readProjectState, writeProjectState } from '../lib/state';
import { examples } from './terraformApply.examples';
import { terraformApplySchema } from './terraformApply.schema';
import { createTerraformCli, readTerraformOutputs } from '../lib/terraformCli';
import { formatChanges } from '../lib/terraformPlan';
import { ensureStateBucket } from '../lib/stateBucket';
import { applyReviewedPlan } from '../lib/applyReviewedPlan';
import { savePendingPlan } from '../lib/savePendingPlan';
import { readHeadCommit } from '../lib/gitHead';
import {
  nothingOutputs,
  recordApply,
  writeTerraformApplyOutputs,
} from '../lib/terraformApplyOutputs';

const ID = 'mx:terraform:apply';

/**
 * `mx:terraform:apply` — without `planId`: init (the project's GCS backend) → plan -out →
 * summary → the binary plan saved as the project's pending plan with what it was made from.
 * With `planId`: that pending plan, if still fresh, applied with `terraform apply <planfile>` →
 * `terraform output -json` into the project state.
 */
export function createTerraformApplyAction(deps: {
  runner: CliRunner;
  catalog: CatalogService;
  config: Config;
  /** Where plans are kept and how long they may be applied; default from `mx.terraform`. */
  plans?: TerraformPlanSettings;
  now?: () => Date;
  /** Id of a new saved plan (default: a random UUID). */
  newId?: () => string;
  /** The permission framework: the policy is asked for mx.project.change too. */
  permissions?: PermissionsService;
}) {
  const { runner, catalog, config } = deps;
  const now = deps.now ?? (() => new Date());
  let plans = deps.plans;
  const planSettings = () =>
    (plans ??= readTerraformPlanSettings(config, runner));

  return createTemplateAction({
    id: ID,
    description:
      "Runs terraform on the project's infrastructure. Without `planId`: init with the project's own GCS state backend, plan into a saved plan file, report what it would add/change/destroy, and keep that plan (with the commit, state serial and configuration hash it was made from) as the project's one pending plan. With `planId`: apply exactly that saved plan — refused when stale (new commit, state changed, older than mx.terraform.planMaxAge) — and write `terraform output` values into .mx/state.yaml. Only the project's owners (or an admin group) may run it. Never force-unlocks a held state lock.",
    examples,
    supportsDryRun: true,
    schema: terraformApplySchema,
    async handler(ctx) {
      const input = {
        ...ctx.input,
        workingDirectory:
          ctx.input.workingDirectory ?? 'infrastructure/terraform',
        backend: ctx.input.backend ?? 'gcs',
        bootstrapBucket: ctx.input.bootstrapBucket ?? false,
      };
      const repoDir = workspaceRepoDir(ctx.workspacePath, input.targetPath);
      const workDir = safeChildPath(
        repoDir,
        input.workingDirectory,
        'workingDirectory',
      );
      const displayDir = input.targetPath ?? '.';
      const { state, file: stateFile } = await readProjectState(
        repoDir,
        displayDir,
      );
      const project = state.project;
      const stat = await fs.stat(workDir).catch(() => undefined);
      if (!stat?.isDirectory()) {
        throw new InputError(
          `The terraform directory '${input.workingDirectory}' does not exist in the repository; apply the deployment-infrastructure generator first or set workingDirectory`,
        );
      }

      const initiator = ctx.user?.ref ?? 'unknown';
      // Owners only, also in dry-run: init and validate may fetch modules and providers.
      const access = await assertOperatorOfWorkspaceProject(
        { catalog, config, permissions: deps.permissions },
        ctx,
        { entityRef: input.entityRef, projectName: project.name, actionId: ID },
      );
      ctx.logger.info(
        `${initiator} may operate ${project.name} (via ${access.via})`,
      );
      await assertNoOpenMxPullRequest({
        config,
        entity: access.entity,
        logger: ctx.logger,
        mode: input.planId && !ctx.isDryRun ? 'refuse' : 'warn',
        operation: 'Apply',
      });

      // Filled with the project's identity (lib/projectIdentity) once the scratch folder exists;
      // the dry run (init -backend=false, validate) calls no GCP API.
      readGoogleCredentials(ctx.secrets, input.credentialsSecret); // a missing secret fails first
      const secrets: string[] = [];
      const env: Record<string, string> = {
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
      };
      for (const [k, v] of Object.entries(input.variables ?? {})) {
        env[`TF_VAR_${k}`] = String(v);
      }
      const lockArgs = input.lockTimeout
        ? [`-lock-timeout=${input.lockTimeout}`]
        : [];
      const projectLabel = `project ${project.name}`;

      const terraform = createTerraformCli({
        runner,
        cwd: workDir,
        env,
        secrets,
        logger: ctx.logger,
        signal: ctx.signal,
        projectLabel,
        now,
      });

      const outputNothing = (summary: string) =>
        writeTerraformApplyOutputs(
          ctx.output,
          nothingOutputs(summary, state.infrastructure.outputs),
        );

      if (ctx.isDryRun) {
        await terraform([
          'init',
          '-backend=false',
          '-input=false',
          '-no-color',
        ]);
        await terraform(['validate', '-no-color']);
        const summary =
          'Dry run: the configuration is valid; no plan was made and nothing was applied.';
        ctx.logger.info(summary);
        outputNothing(summary);
        return;
      }

      const { store, maxAgeMs, maxAge } = planSettings();
      const location: PlanLocation = {
        project: project.name,
        bucket: state.infrastructure.backend.bucket,
        prefix: state.infrastructure.backend.prefix,
      };
      const scratch = await createScratchDir(ctx.workspacePath);
      try {
        const identity = await resolveTaskIdentity({ config, runner }, ctx, {
          state,
          credentialsSecret: input.credentialsSecret,
          privateDir: scratch.dir,
          cwd: workDir,
        });
        secrets.push(...identity.secrets);
        Object.assign(env, identity.terraformEnv);
        const gcloudEnv = identity.gcloudEnv;
        const storeAccess = {
          env: gcloudEnv,
          secrets,
          signal: ctx.signal,
        };
        // What the configuration is read from; a workspace that is no git checkout fails here,
        // before terraform runs.
        const commit = await readHeadCommit({
          runner,
          repoDir,
          displayDir,
          signal: ctx.signal,
        });

        const { bucket, prefix } = state.infrastructure.backend;
        if (input.bootstrapBucket && input.backend === 'gcs') {
          await ctx.checkpoint({
            key: `mx.terraform.bootstrap.${bucket}`,
            fn: () =>
              ensureStateBucket({
                runner,
                bucket,
                project,
                cwd: workDir,
                env: gcloudEnv,
                secrets,
                logger: ctx.logger,
                signal: ctx.signal,
              }),
          });
        }

        const backendArgs =
          input.backend === 'gcs'
            ? [
                `-backend-config=bucket=${bucket}`,
                `-backend-config=prefix=${prefix}`,
              ]
            : [];
        await terraform([
          'init',
          '-input=false',
          '-no-color',
          '-reconfigure',
          ...lockArgs,
          ...backendArgs,
        ]);

        const planFile = scratch.file('mx.tfplan');
        const readOutputs = () => readTerraformOutputs(terraform, ctx.logger);

        if (input.planId) {
          const planId = input.planId;
          // Everything up to the apply is one checkpoint: a retried task that already applied
          // the plan (and consumed it) does not look for it again nor apply anything twice.
          const plan = (await ctx.checkpoint({
            key: `mx.terraform.apply.${planId}`,
            fn: async () =>
              (await applyReviewedPlan({
                terraform,
                store,
                location,
                access: storeAccess,
                planId,
                projectLabel,
                workingDirectory: input.workingDirectory,
                workDir,
                commit,
                now: now(),
                maxAge: { ms: maxAgeMs, text: maxAge },
                planFile,
                lockArgs,
                logger: ctx.logger,
              })) as unknown as JsonObject,
          })) as unknown as PendingPlan;
          const outputs = await readOutputs();
          recordApply(state, plan, initiator, now(), outputs);
          await writeProjectState(stateFile, state);
          writeTerraformApplyOutputs(ctx.output, {
            summary: formatChanges(plan),
            add: plan.add,
            change: plan.change,
            destroy: plan.destroy,
            resources: plan.resources,
            changes: true,
            planId: plan.id,
            plan: plan.rendered,
            planExpiresAt: '',
            applyUrl: '',
            applied: true,
            outputs,
          });
          return;
        }

        const made = await savePendingPlan({
          terraform,
          store,
          location,
          access: storeAccess,
          planFile,
          lockArgs,
          logger: ctx.logger,
          workDir,
          now,
          maxAgeMs,
          newId: deps.newId ?? newPlanId,
          meta: {
            project: project.name,
            entityRef: input.entityRef,
            createdBy: initiator,
            commit,
            workingDirectory: input.workingDirectory,
          },
        });
        if (!made.changes) {
          outputNothing(made.summaryText);
          return;
        }
        const { summary, plan } = made;
        writeTerraformApplyOutputs(ctx.output, {
          summary: made.summaryText,
          add: summary.add,
          change: summary.change,
          destroy: summary.destroy,
          resources: summary.resources,
          changes: true,
          planId: plan.id,
          plan: made.rendered,
          planExpiresAt: made.expiresAt,
          applyUrl: applyPlanUrl(input.entityRef, plan.id),
          applied: false,
          outputs: state.infrastructure.outputs,
        });
      } finally {
        await scratch.dispose();
      }
    },
  });
}
