import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  branchPattern,
  cloudbuildStepKinds,
  cloudbuildTriggerName,
  composeCloudbuildTrigger,
  deriveNames,
  managedSteps,
  projectRegistry,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliRunner } from '../cli/runner';
import { createScratchDir } from '../lib/credentials';
import { resolveTaskIdentity } from '../lib/projectIdentity';
import { safeChildPath, workspaceRepoDir } from '../lib/paths';
import { readProjectState } from '../lib/state';
import { examples } from './cloudbuildEnable.examples';
import { ProjectGuard, assertMayChangeWorkspaceProject } from '../lib/owners';

/**
 * `mx:cloudbuild:enable` — the GCP side of Cloud Build CI: the GitHub push trigger, as Terraform
 * written into the rendered tree (reconciled like every managed file) or created now with gcloud.
 * cloudbuild.yaml is not written here: `mx:manifests:compose` composes it from the state
 * (`composeCloudbuild` in `@mx-backstage/plugin-mx-common`).
 */
export function createCloudbuildEnableAction(deps: {
  runner: CliRunner;
  /** The owner check (owners and mx.admins change a project). */
  guard?: ProjectGuard;
  /** Reads mx.gcp.impersonation (lib/projectIdentity); default: none (impersonation off). */
  config?: Config;
}) {
  const guard = deps.guard;
  const { runner } = deps;
  const config = deps.config ?? new ConfigReader({});
  return createTemplateAction({
    id: 'mx:cloudbuild:enable',
    description:
      "Adds the GitHub push trigger of the project's Cloud Build CI, as Terraform (infrastructure/terraform/cloudbuild.tf, written into the rendered tree for mx:files:reconcile) or created now with gcloud. cloudbuild.yaml itself is composed from the state by mx:manifests:compose.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        trigger: z =>
          z
            .enum(['terraform', 'gcloud', 'none'])
            .optional()
            .describe(
              'How to add the build trigger: `terraform` (default; writes cloudbuild.tf for the next infrastructure apply), `gcloud` (creates it now), or `none`',
            ),
        githubOwner: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/)
            .optional()
            .describe('GitHub owner of the repository (needed for a trigger)'),
        githubRepo: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9._-]{1,100}$/)
            .refine(v => v !== '.' && v !== '..', 'not a repository name')
            .optional()
            .describe('GitHub repository name (default: the project name)'),
        branch: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/)
            .optional()
            .describe('Branch whose pushes trigger a build (default: `main`)'),
        credentialsSecret: z =>
          z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)
            .optional()
            .describe(
              'With trigger `gcloud`: name of the task secret holding a GCP service-account key (JSON) or access token',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Repository directory inside the workspace (default: the workspace root)',
            ),
        terraformDirectory: z =>
          z
            .string()
            .optional()
            .describe(
              'Where cloudbuild.tf goes, relative to outputPath (default: `infrastructure/terraform`)',
            ),
        outputPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace directory of the rendered tree cloudbuild.tf is written into, so mx:files:reconcile records and merges it (default: the repository)',
            ),
      },
      output: {
        steps: z =>
          z
            .array(z.string())
            .describe(
              'Ids of the managed steps cloudbuild.yaml has, in order (from the state: the chosen steps, plus docs with the Sphinx docs generator)',
            ),
        triggerName: z =>
          z
            .string()
            .describe('Name of the Cloud Build trigger ("" without one)'),
        triggerFile: z =>
          z
            .string()
            .describe(
              'The Terraform file of the trigger, relative to outputPath ("" unless trigger is terraform)',
            ),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const trigger = input.trigger ?? 'terraform';
      const branch = input.branch ?? 'main';
      const repoDir = workspaceRepoDir(ctx.workspacePath, input.targetPath);
      // Owners (and mx.admins) only: the one owner check every mutating mx action shares.
      if (guard) {
        await assertMayChangeWorkspaceProject(guard, ctx, {
          repoDir: repoDir,
          actionId: 'mx:cloudbuild:enable',
        });
      }
      // Every path and required answer is checked before anything is written.
      const outRel = input.outputPath ?? input.targetPath ?? '.';
      const outDir = safeChildPath(ctx.workspacePath, outRel, 'outputPath');
      const dirRel = input.terraformDirectory ?? 'infrastructure/terraform';
      const dir = safeChildPath(outDir, dirRel, 'terraformDirectory');
      const tf = safeChildPath(dir, 'cloudbuild.tf', 'terraformDirectory');
      if (trigger !== 'none' && !input.githubOwner) {
        throw new InputError(
          `githubOwner is needed to add the ${trigger} trigger (or set trigger: none)`,
        );
      }
      const { state } = await readProjectState(
        repoDir,
        input.targetPath ?? '.',
      );
      const project = state.project;
      // cloudbuild.yaml is composed from the state (mx:manifests:compose); these are its steps.
      const steps = managedSteps(
        cloudbuildStepKinds(state),
        projectRegistry(project, deriveNames(project).docsBucket),
      ).map(s => s.id!);
      ctx.logger.info(`cloudbuild.yaml steps: ${steps.join(', ') || 'none'}`);

      const triggerName = cloudbuildTriggerName(project.name, branch);
      const owner = input.githubOwner;
      const repo = input.githubRepo ?? project.name;
      let triggerFile = '';
      if (trigger === 'terraform') {
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(
          tf,
          composeCloudbuildTrigger({
            project,
            owner: owner!,
            repo,
            branch,
            triggerName,
          }),
          'utf8',
        );
        triggerFile = path.posix.join(dirRel, 'cloudbuild.tf');
        ctx.logger.info(
          `Wrote ${triggerFile}: the trigger ${triggerName} is created by the next infrastructure apply`,
        );
      } else if (trigger === 'gcloud') {
        const args = [
          'builds',
          'triggers',
          'create',
          'github',
          `--name=${triggerName}`,
          `--repo-owner=${owner}`,
          `--repo-name=${repo}`,
          `--branch-pattern=${branchPattern(branch)}`,
          '--build-config=cloudbuild.yaml',
          `--project=${project.gcpProjectId}`,
          '--region=global',
        ];
        if (ctx.isDryRun) {
          ctx.logger.info(`Dry run: would run gcloud ${args.join(' ')}`);
        } else {
          const scratch = await createScratchDir(ctx.workspacePath);
          try {
            const identity = await resolveTaskIdentity(
              { config, runner },
              ctx,
              {
                state,
                credentialsSecret: input.credentialsSecret,
                privateDir: scratch.dir,
                cwd: repoDir,
              },
            );
            const env = {
              CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
              ...identity.gcloudEnv,
            };
            await ctx.checkpoint({
              key: `mx.cloudbuild.trigger.${triggerName}`,
              fn: async () => {
                const gcloud = (a: string[], allowFailure = false) =>
                  runner.run({
                    command: 'gcloud',
                    args: a,
                    cwd: repoDir,
                    env,
                    secrets: identity.secrets,
                    logger: ctx.logger,
                    signal: ctx.signal,
                    allowFailure,
                  });
                const described = await gcloud(
                  [
                    'builds',
                    'triggers',
                    'describe',
                    triggerName,
                    `--project=${project.gcpProjectId}`,
                    '--region=global',
                    '--format=value(name)',
                  ],
                  true,
                );
                if (described.exitCode === 0) {
                  ctx.logger.info(`The trigger ${triggerName} exists already`);
                  return;
                }
                await gcloud(args);
              },
            });
          } finally {
            await scratch.dispose();
          }
        }
      }

      ctx.output('steps', steps);
      ctx.output('triggerName', trigger === 'none' ? '' : triggerName);
      ctx.output('triggerFile', triggerFile);
    },
  });
}
