import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliError, CliRunner } from '../cli/runner';
import {
  createScratchDir,
  gcloudCredentialEnv,
  readGoogleCredentials,
  terraformCredentialEnv,
} from '../lib/credentials';
import { assertNoOpenMxPullRequest } from '../lib/githubPullRequests';
import { assertProjectOperator } from '../lib/owners';
import { safeChildPath } from '../lib/paths';
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

/**
 * `mx:terraform:apply` — init (the project's GCS backend) → plan -out → summary → apply exactly
 * that saved plan when approved → `terraform output -json` into the project state.
 */
export function createTerraformApplyAction(deps: {
  runner: CliRunner;
  catalog: CatalogService;
  config: Config;
  now?: () => Date;
}) {
  const { runner, catalog, config } = deps;
  const now = deps.now ?? (() => new Date());

  return createTemplateAction({
    id: ID,
    description:
      "Runs terraform on the project's infrastructure: init with the project's own GCS state backend, plan into a saved plan file, report what it would add/change/destroy, and apply exactly that plan only when `approved` is true. Writes `terraform output` values and the plan/apply summary into .mx/state.yaml. Only the project's owners (or an admin group) may run it. Never force-unlocks a held state lock.",
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
        approved: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Apply the saved plan. When false (default) the action only plans and reports the summary',
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
              'Terraform input variables, passed as TF_VAR_<name> environment variables',
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
        approved: ctx.input.approved ?? false,
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
      const access = await assertProjectOperator({
        catalog,
        config,
        credentials: await ctx.getInitiatorCredentials(),
        entityRef: input.entityRef,
        user: ctx.user,
        actionId: ID,
      });
      if (access.entity.metadata.name !== project.name) {
        throw new InputError(
          `${input.entityRef} is not the project in the workspace (its state names '${project.name}'): check out the repository of ${input.entityRef}`,
        );
      }
      ctx.logger.info(
        `${initiator} may operate ${project.name} (via ${access.via})`,
      );
      await assertNoOpenMxPullRequest({
        config,
        entity: access.entity,
        logger: ctx.logger,
        mode: input.approved && !ctx.isDryRun ? 'refuse' : 'warn',
        operation: 'Apply',
      });

      const creds = readGoogleCredentials(ctx.secrets, input.credentialsSecret);
      const secrets = creds?.redact ?? [];
      const env: Record<string, string> = {
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        ...terraformCredentialEnv(creds),
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
                `The saved plan of ${projectLabel} is stale: the state changed after it was made. Run this template again to plan afresh.`,
              );
            }
          }
          throw e;
        }
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
        ctx.output('summary', summary);
        ctx.output('add', 0);
        ctx.output('change', 0);
        ctx.output('destroy', 0);
        ctx.output('resources', []);
        ctx.output('changes', false);
        ctx.output('applied', false);
        ctx.output('outputs', state.infrastructure.outputs as any);
        return;
      }

      const scratch = await createScratchDir(ctx.workspacePath);
      try {
        const { bucket, prefix } = state.infrastructure.backend;
        if (input.bootstrapBucket && input.backend === 'gcs') {
          const gcloudEnv = await gcloudCredentialEnv(creds, scratch.dir);
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

        const planFile = path.join(scratch.dir, 'mx.tfplan');
        const plan = await terraform(
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
          {
            quietStdout: true,
          },
        );
        let planJson: unknown;
        try {
          planJson = JSON.parse(shown.stdout);
        } catch {
          throw new Error('terraform show -json did not print JSON');
        }
        const summary = summarizePlan(planJson);
        const changes = plan.exitCode === 2;
        const summaryText = changes
          ? formatSummary(summary).replace(
              /^No changes\..*$/,
              'Plan: only output values change.',
            )
          : formatSummary({ add: 0, change: 0, destroy: 0, resources: [] });
        for (const line of summaryText.split('\n')) ctx.logger.info(line);

        const at = now().toISOString();
        const counts = {
          add: summary.add,
          change: summary.change,
          destroy: summary.destroy,
        };
        state.infrastructure.lastPlan = { at, by: initiator, ...counts };

        let applied = false;
        let outputs = state.infrastructure.outputs;
        if (changes && !input.approved) {
          ctx.logger.info(
            'The plan was not applied: review it, then run again with approved: true to apply it',
          );
        } else {
          if (changes) {
            await ctx.checkpoint({
              key: `mx.terraform.apply.${input.workingDirectory}`,
              fn: async () => {
                await terraform([
                  'apply',
                  '-input=false',
                  '-no-color',
                  ...lockArgs,
                  planFile,
                ]);
              },
            });
            applied = true;
            state.infrastructure.lastApply = { at, by: initiator, ...counts };
          } else {
            ctx.logger.info('Nothing to apply');
          }
          const out = await terraform(['output', '-json', '-no-color'], {
            quietStdout: true,
          });
          const parsed = JSON.parse(out.stdout || '{}') as Record<
            string,
            { sensitive?: boolean; value?: unknown }
          >;
          outputs = {};
          for (const [name, o] of Object.entries(parsed)) {
            if (o.sensitive) {
              ctx.logger.info(
                `Output ${name} is sensitive and is not written to the state`,
              );
              continue;
            }
            outputs[name] = o.value;
          }
          state.infrastructure.outputs = outputs;
        }
        await writeProjectState(stateFile, state);

        ctx.output('summary', summaryText);
        ctx.output('add', summary.add);
        ctx.output('change', summary.change);
        ctx.output('destroy', summary.destroy);
        ctx.output('resources', summary.resources);
        ctx.output('changes', changes);
        ctx.output('applied', applied);
        ctx.output('outputs', outputs as any);
      } finally {
        await scratch.dispose();
      }
    },
  });
}
