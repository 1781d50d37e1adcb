import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PendingPlan, applyPlanUrl } from '@mx-backstage/plugin-mx-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { CliError, CliRunner } from '../cli/runner';
import { createScratchDir, readGoogleCredentials } from '../lib/credentials';
import { resolveTaskIdentity } from '../lib/projectIdentity';
import { assertOperatorOfWorkspaceProject } from '../lib/operatorCheck';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { assertNoOpenMxPullRequest } from '../lib/githubPullRequests';
import { safeChildPath } from '../lib/paths';
import {
  PlanLocation,
  TerraformPlanSettings,
  newPlanId,
  readTerraformPlanSettings,
  sha256File,
} from '../lib/planStore';
import {
  hashConfiguration,
  parseStateVersion,
  staleReasons,
} from '../lib/planProvenance';
import { readProjectState, writeProjectState } from '../lib/state';
import { examples } from './terraformApply.examples';

const ID = 'mx:terraform:apply';

/** What a saved plan will do, from `terraform show -json <planfile>`. */
export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  /** One line per resource that changes: `+ google_storage_bucket.data (create)`. */
  resources: string[];
}

/** Counts a plan's resource changes the way terraform's own "Plan: ..." line does. */
export function summarizePlan(planJson: unknown): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, destroy: 0, resources: [] };
  const changes = (planJson as { resource_changes?: unknown[] })
    ?.resource_changes;
  for (const rc of Array.isArray(changes) ? changes : []) {
    const { address, change } = rc as {
      address: string;
      change?: { actions?: string[] };
    };
    const actions = change?.actions ?? [];
    const has = (a: string) => actions.includes(a);
    if (has('create') && has('delete')) {
      summary.add++;
      summary.destroy++;
      summary.resources.push(`-/+ ${address} (replace)`);
    } else if (has('create')) {
      summary.add++;
      summary.resources.push(`+ ${address} (create)`);
    } else if (has('update')) {
      summary.change++;
      summary.resources.push(`~ ${address} (update)`);
    } else if (has('delete')) {
      summary.destroy++;
      summary.resources.push(`- ${address} (destroy)`);
    }
  }
  return summary;
}

/** The "Lock Info" block terraform prints when the state is locked by someone else. */
export interface LockInfo {
  id?: string;
  path?: string;
  operation?: string;
  who?: string;
  version?: string;
  created?: string;
}

export function parseLockInfo(text: string): LockInfo | undefined {
  if (!text.includes('Error acquiring the state lock')) return undefined;
  const field = (name: string) =>
    new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(text)?.[1]?.trim() ||
    undefined;
  return {
    id: field('ID'),
    path: field('Path'),
    operation: field('Operation'),
    who: field('Who'),
    version: field('Version'),
    created: field('Created'),
  };
}

/** Terraform's Go time format (`2026-11-28 15:48:18.72 +0000 UTC`) as a Date. */
export function parseLockTime(created: string | undefined): Date | undefined {
  const m =
    /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-])(\d\d)(\d\d)/.exec(
      created ?? '',
    );
  if (!m) return undefined;
  const d = new Date(
    `${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4]}${m[5]}:${m[6]}`,
  );
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function describeAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} seconds`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} minutes`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hours`;
  return `${Math.round(h / 24)} days`;
}

export function lockConflictMessage(
  project: string,
  lock: LockInfo,
  now: Date,
): string {
  const since = parseLockTime(lock.created);
  const operation = (lock.operation ?? 'unknown operation').replace(
    /^OperationType/,
    '',
  );
  return `The Terraform state of ${project} is locked by ${
    lock.who ?? 'an unknown holder'
  } (operation: ${operation}${
    since
      ? `, since ${since.toISOString()}, ${describeAge(
          now.getTime() - since.getTime(),
        )} ago`
      : ''
  }${
    lock.id ? `, lock ID ${lock.id}` : ''
  }). Another plan or apply is running on this project: wait for it to finish and run this template again. Do not force-unlock the state while its holder may still be running — that can corrupt it; if the holder is certainly gone, ask the project's owners to check before anyone unlocks it.`;
}

const formatSummary = (s: PlanSummary) =>
  s.add + s.change + s.destroy === 0
    ? 'No changes. Your infrastructure matches the configuration.'
    : [
        `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`,
        ...s.resources.map(r => `  ${r}`),
      ].join('\n');

/** The summary of a plan with changes (which may touch output values only). */
const formatChanges = (s: PlanSummary) =>
  formatSummary(s).replace(
    /^No changes\..*$/,
    'Plan: only output values change.',
  );

/** The rendered plan kept with a saved plan is cut at this length. */
const MAX_RENDERED_CHARS = 200_000;

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
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The project component (e.g. `component:default/fraud-detection`); its owner group may run this action',
            ),
        planId: z =>
          z
            .string()
            .regex(
              /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
              'a plan id as printed by a plan run',
            )
            .optional()
            .describe(
              "Apply this saved plan (the `planId` output of a plan run) and nothing else. Without it the action only plans, saves the plan as the project's pending plan and reports it",
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Repository directory inside the workspace (default: the workspace root)',
            ),
        workingDirectory: z =>
          z
            .string()
            .optional()
            .describe(
              'Terraform root module, relative to the repository (default: `infrastructure/terraform`)',
            ),
        backend: z =>
          z
            .enum(['gcs', 'local'])
            .optional()
            .describe(
              "State backend: `gcs` (bucket and prefix from the project state's infrastructure.backend, so each project locks its own state) or `local` (the configuration's own local backend; for tests and sandboxes). Default: `gcs`",
            ),
        credentialsSecret: z =>
          z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)
            .optional()
            .describe(
              'Name of the task secret holding a GCP service-account key (JSON) or an OAuth access token; passed to terraform and gcloud by environment only',
            ),
        lockTimeout: z =>
          z
            .string()
            .regex(/^\d{1,4}[sm]$/, 'a duration like 30s or 5m')
            .optional()
            .describe(
              'How long to wait for a held state lock before giving up (`-lock-timeout`), e.g. `2m`. Default: fail at once',
            ),
        bootstrapBucket: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Create the project's state bucket with gcloud (uniform bucket-level access, in the project's region) when it does not exist yet",
            ),
        variables: z =>
          z
            .record(
              z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
              z.union([z.string(), z.number(), z.boolean()]),
            )
            .optional()
            .describe(
              'Terraform input variables, passed as TF_VAR_<name> environment variables (a plan run records them in the plan; applying a saved plan uses the planned values)',
            ),
      },
      output: {
        summary: z =>
          z
            .string()
            .describe(
              'What the plan does: "Plan: 1 to add, 0 to change, 0 to destroy." and one line per resource, or "No changes."',
            ),
        add: z => z.number().describe('Resources the plan adds'),
        change: z => z.number().describe('Resources the plan changes in place'),
        destroy: z => z.number().describe('Resources the plan destroys'),
        resources: z =>
          z
            .array(z.string())
            .describe('One line per changed resource: `+ address (create)`'),
        changes: z => z.boolean().describe('True when the plan has any change'),
        planId: z =>
          z
            .string()
            .describe(
              'Id of the saved plan (pass it as `planId` to apply it); empty when the plan has no changes',
            ),
        plan: z =>
          z
            .string()
            .describe(
              '`terraform show -no-color` of the saved plan, secrets redacted',
            ),
        applyUrl: z =>
          z
            .string()
            .describe(
              'Create-wizard link that opens Apply infrastructure with this project and plan id ("Apply this plan"); empty without a plan to apply',
            ),
        planExpiresAt: z =>
          z
            .string()
            .describe(
              'When the saved plan becomes too old to apply (mx.terraform.planMaxAge); empty without a plan',
            ),
        applied: z =>
          z.boolean().describe('True when the saved plan was applied'),
        outputs: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'terraform output values (sensitive ones left out), as written to the state',
            ),
      },
    },
    async handler(ctx) {
      const input = {
        ...ctx.input,
        workingDirectory:
          ctx.input.workingDirectory ?? 'infrastructure/terraform',
        backend: ctx.input.backend ?? 'gcs',
        bootstrapBucket: ctx.input.bootstrapBucket ?? false,
      };
      const repoDir = safeChildPath(
        ctx.workspacePath,
        input.targetPath ?? '.',
        'targetPath',
      );
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

      const terraform = async (
        args: string[],
        opts: { allowFailure?: boolean; quietStdout?: boolean } = {},
      ) => {
        try {
          const r = await runner.run({
            command: 'terraform',
            args,
            cwd: workDir,
            env,
            secrets,
            logger: ctx.logger,
            signal: ctx.signal,
            ...opts,
          });
          if (r.exitCode === 1)
            throw new CliError(
              `terraform ${args[0]} failed: ${r.stderr
                .trim()
                .split('\n')
                .slice(-8)
                .join('\n')}`,
              { ...r, cancelled: false, timedOut: false },
            );
          return r;
        } catch (e) {
          if (e instanceof CliError) {
            const lock = parseLockInfo(e.result.stderr);
            if (lock) {
              throw new ConflictError(
                lockConflictMessage(projectLabel, lock, now()),
              );
            }
            if (e.result.stderr.includes('Saved plan is stale')) {
              throw new ConflictError(
                `Terraform refused the saved plan of ${projectLabel} as stale ("Saved plan is stale"): the Terraform state changed after the plan was made. Nothing was applied. Run "Apply infrastructure" to plan afresh, review the new plan, and apply that one.`,
              );
            }
          }
          throw e;
        }
      };

      const outputNothing = (summary: string) => {
        ctx.output('summary', summary);
        ctx.output('add', 0);
        ctx.output('change', 0);
        ctx.output('destroy', 0);
        ctx.output('resources', []);
        ctx.output('changes', false);
        ctx.output('planId', '');
        ctx.output('plan', '');
        ctx.output('planExpiresAt', '');
        ctx.output('applyUrl', '');
        ctx.output('applied', false);
        ctx.output('outputs', state.infrastructure.outputs as any);
      };

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
        const headCommit = async () => {
          const r = await runner.run({
            command: 'git',
            args: ['rev-parse', 'HEAD'],
            cwd: repoDir,
            quietStdout: true,
            allowFailure: true,
            signal: ctx.signal,
          });
          if (r.exitCode !== 0) {
            throw new InputError(
              `${displayDir} is not a git checkout with a commit (git rev-parse HEAD: ${r.stderr.trim()}); check out the project's repository with mx:repo:checkout first`,
            );
          }
          return r.stdout.trim();
        };
        const stateVersion = async () =>
          parseStateVersion(
            (await terraform(['state', 'pull'], { quietStdout: true })).stdout,
          );

        // What the configuration is read from; a workspace that is no git checkout fails here,
        // before terraform runs.
        const commit = await headCommit();

        const { bucket, prefix } = state.infrastructure.backend;
        if (input.bootstrapBucket && input.backend === 'gcs') {
          await ctx.checkpoint({
            key: `mx.terraform.bootstrap.${bucket}`,
            fn: async () => {
              const gcloud = (args: string[], allowFailure = false) =>
                runner.run({
                  command: 'gcloud',
                  args,
                  cwd: workDir,
                  env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1', ...gcloudEnv },
                  secrets,
                  logger: ctx.logger,
                  signal: ctx.signal,
                  allowFailure,
                });
              const described = await gcloud(
                [
                  'storage',
                  'buckets',
                  'describe',
                  `gs://${bucket}`,
                  `--project=${project.gcpProjectId}`,
                  '--format=value(name)',
                ],
                true,
              );
              if (described.exitCode === 0) {
                ctx.logger.info(`State bucket gs://${bucket} exists`);
                return;
              }
              if (!/not found|404/i.test(described.stderr)) {
                throw new Error(
                  `Could not check the state bucket gs://${bucket}: ${described.stderr.trim()}`,
                );
              }
              ctx.logger.info(`Creating the state bucket gs://${bucket}`);
              await gcloud([
                'storage',
                'buckets',
                'create',
                `gs://${bucket}`,
                `--project=${project.gcpProjectId}`,
                `--location=${project.region}`,
                '--uniform-bucket-level-access',
              ]);
            },
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
        const readOutputs = async () => {
          const out = await terraform(['output', '-json', '-no-color'], {
            quietStdout: true,
          });
          const parsed = JSON.parse(out.stdout || '{}') as Record<
            string,
            { sensitive?: boolean; value?: unknown }
          >;
          const outputs: Record<string, unknown> = {};
          for (const [name, o] of Object.entries(parsed)) {
            if (o.sensitive) {
              ctx.logger.info(
                `Output ${name} is sensitive and is not written to the state`,
              );
              continue;
            }
            outputs[name] = o.value;
          }
          return outputs;
        };

        if (input.planId) {
          const planId = input.planId;
          // Everything up to the apply is one checkpoint: a retried task that already applied
          // the plan (and consumed it) does not look for it again nor apply anything twice.
          const plan = (await ctx.checkpoint({
            key: `mx.terraform.apply.${planId}`,
            fn: async () => {
              const p = await store.get(location, storeAccess);
              if (!p) {
                throw new ConflictError(
                  `${projectLabel} has no pending plan (plan ${planId} was applied or replaced, or never saved in ${store.describe(
                    location,
                  )}). Run "Apply infrastructure" without a plan id to plan, review that plan, and apply it.`,
                );
              }
              if (p.id !== planId) {
                throw new ConflictError(
                  `Plan ${planId} is no longer the pending plan of ${projectLabel}: plan ${p.id}, made at ${p.createdAt} by ${p.createdBy}, replaced it. Nothing was applied. Review the pending plan on the project page and apply that one.`,
                );
              }
              if (p.workingDirectory !== input.workingDirectory) {
                throw new InputError(
                  `Plan ${p.id} was made for ${p.workingDirectory}, not ${input.workingDirectory}`,
                );
              }
              const current = await stateVersion();
              const reasons = staleReasons(
                p,
                {
                  commit,
                  configHash: await hashConfiguration(workDir),
                  stateSerial: current.serial,
                  stateLineage: current.lineage,
                },
                now(),
                { ms: maxAgeMs, text: maxAge },
              );
              if (reasons.length) throw staleError(projectLabel, p, reasons);
              await store.fetchPlanFile(location, planFile, storeAccess);
              if ((await sha256File(planFile)) !== p.planFileSha256) {
                throw new ConflictError(
                  `The saved plan file of ${projectLabel} in ${store.describe(
                    location,
                  )} is not the one that was reviewed (its checksum differs). Nothing was applied. Plan again.`,
                );
              }
              ctx.logger.info(
                `Applying saved plan ${p.id} (made at ${p.createdAt} by ${p.createdBy} from commit ${p.commit})`,
              );
              await terraform([
                'apply',
                '-input=false',
                '-no-color',
                ...lockArgs,
                planFile,
              ]);
              await store.remove(location, storeAccess);
              return p as unknown as JsonObject;
            },
          })) as unknown as PendingPlan;
          const outputs = await readOutputs();
          const counts = {
            add: plan.add,
            change: plan.change,
            destroy: plan.destroy,
          };
          state.infrastructure.lastPlan = {
            at: plan.createdAt,
            by: plan.createdBy,
            ...counts,
          };
          state.infrastructure.lastApply = {
            at: now().toISOString(),
            by: initiator,
            ...counts,
          };
          state.infrastructure.outputs = outputs;
          await writeProjectState(stateFile, state);
          const summaryText = formatChanges(plan);
          ctx.output('summary', summaryText);
          ctx.output('add', plan.add);
          ctx.output('change', plan.change);
          ctx.output('destroy', plan.destroy);
          ctx.output('resources', plan.resources);
          ctx.output('changes', true);
          ctx.output('planId', plan.id);
          ctx.output('plan', plan.rendered);
          ctx.output('planExpiresAt', '');
          ctx.output('applyUrl', '');
          ctx.output('applied', true);
          ctx.output('outputs', outputs as any);
          return;
        }

        const planned = await terraform(
          [
            'plan',
            '-input=false',
            '-no-color',
            '-detailed-exitcode',
            ...lockArgs,
            `-out=${planFile}`,
          ],
          { allowFailure: true },
        );
        const shown = await terraform(
          ['show', '-json', '-no-color', planFile],
          { quietStdout: true },
        );
        let planJson: unknown;
        try {
          planJson = JSON.parse(shown.stdout);
        } catch {
          throw new Error('terraform show -json did not print JSON');
        }
        const summary = summarizePlan(planJson);
        const changes = planned.exitCode === 2;
        const summaryText = changes
          ? formatChanges(summary)
          : formatSummary({ add: 0, change: 0, destroy: 0, resources: [] });
        for (const line of summaryText.split('\n')) ctx.logger.info(line);

        if (!changes) {
          // The newest plan replaces the pending one, also when there is nothing to apply.
          await store.remove(location, storeAccess);
          outputNothing(summaryText);
          return;
        }

        // terraform show masks sensitive values; the runner redacts the task's secrets.
        let rendered = (
          await terraform(['show', '-no-color', planFile], {
            quietStdout: true,
          })
        ).stdout;
        if (rendered.length > MAX_RENDERED_CHARS) {
          rendered = `${rendered.slice(
            0,
            MAX_RENDERED_CHARS,
          )}\n… (cut at ${MAX_RENDERED_CHARS} characters; the whole plan is in the task log of terraform plan)`;
        }
        const version = await stateVersion();
        const createdAt = now();
        const plan: PendingPlan = {
          id: (deps.newId ?? newPlanId)(),
          project: project.name,
          entityRef: input.entityRef,
          createdAt: createdAt.toISOString(),
          createdBy: initiator,
          commit,
          workingDirectory: input.workingDirectory,
          configHash: await hashConfiguration(workDir),
          stateSerial: version.serial,
          stateLineage: version.lineage,
          planFileSha256: await sha256File(planFile),
          add: summary.add,
          change: summary.change,
          destroy: summary.destroy,
          resources: summary.resources,
          rendered,
        };
        await store.save(location, plan, planFile, storeAccess);
        const expiresAt = new Date(
          createdAt.getTime() + maxAgeMs,
        ).toISOString();
        ctx.logger.info(
          `Saved plan ${plan.id} as the pending plan of ${
            project.name
          } in ${store.describe(
            location,
          )}. Nothing was applied: review it, then apply exactly this plan with planId ${
            plan.id
          } (before ${expiresAt}).`,
        );
        ctx.output('summary', summaryText);
        ctx.output('add', summary.add);
        ctx.output('change', summary.change);
        ctx.output('destroy', summary.destroy);
        ctx.output('resources', summary.resources);
        ctx.output('changes', true);
        ctx.output('planId', plan.id);
        ctx.output('plan', rendered);
        ctx.output('planExpiresAt', expiresAt);
        ctx.output('applyUrl', applyPlanUrl(input.entityRef, plan.id));
        ctx.output('applied', false);
        ctx.output('outputs', state.infrastructure.outputs as any);
      } finally {
        await scratch.dispose();
      }
    },
  });
}

function staleError(
  projectLabel: string,
  plan: PendingPlan,
  reasons: string[],
): ConflictError {
  return new ConflictError(
    `The saved plan ${
      plan.id
    } of ${projectLabel} is stale and was not applied: ${reasons.join(
      '; ',
    )}. Run "Apply infrastructure" again without a plan id to plan afresh, review the new plan, and apply that one.`,
  );
}
