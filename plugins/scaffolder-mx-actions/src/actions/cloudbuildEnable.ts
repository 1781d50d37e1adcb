import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ProjectValues } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { CliRunner } from '../cli/runner';
import { createScratchDir } from '../lib/credentials';
import { resolveTaskIdentity } from '../lib/projectIdentity';
import { safeChildPath } from '../lib/paths';
import { readProjectState } from '../lib/state';
import { examples } from './cloudbuildEnable.examples';
import { ProjectGuard, assertMayChangeWorkspaceProject } from '../lib/owners';

export const CLOUDBUILD_STEP_KINDS = [
  'image',
  'test',
  'lint',
  'docs',
  'package',
] as const;
export type CloudbuildStepKind = (typeof CLOUDBUILD_STEP_KINDS)[number];

/** Managed steps carry ids starting with this prefix; any other step belongs to the user. */
export const MANAGED_PREFIX = 'mx-';

const PYTHON = 'python:3.11-slim';
const CLOUD_SDK = 'gcr.io/google.com/cloudsdktool/cloud-sdk:slim';

type Step = Record<string, unknown> & { id?: string };

export interface ProjectRegistry {
  /** `<region>-docker.pkg.dev/<gcpProjectId>/<name>/<name>` */
  image: string;
  /** `https://<region>-python.pkg.dev/<gcpProjectId>/<name>-python/` */
  pythonRepository: string;
  /** `gs://<docsBucket>/<name>` */
  docsDestination: string;
}

export function projectRegistry(
  project: Pick<ProjectValues, 'name' | 'gcpProjectId' | 'region'>,
  docsBucket?: string,
): ProjectRegistry {
  const { name, gcpProjectId, region } = project;
  return {
    image: `${region}-docker.pkg.dev/${gcpProjectId}/${name}/${name}`,
    pythonRepository: `https://${region}-python.pkg.dev/${gcpProjectId}/${name}-python/`,
    docsDestination: `gs://${docsBucket ?? `${gcpProjectId}-docs`}/${name}`,
  };
}

/** The managed steps for the enabled kinds, in build order. */
export function managedSteps(
  enabled: ReadonlySet<CloudbuildStepKind>,
  registry: ProjectRegistry,
): Step[] {
  const steps: Step[] = [];
  // $BUILD_ID is set on every build; $COMMIT_SHA / $SHORT_SHA are empty on a build started by hand
  // (`gcloud builds submit`), which would leave the tag empty ('image:').
  const tagged = `${registry.image}:$BUILD_ID`;
  if (enabled.has('image')) {
    steps.push({
      id: 'mx-image-build',
      name: 'gcr.io/cloud-builders/docker',
      args: ['build', '-t', tagged, '-t', `${registry.image}:latest`, '.'],
    });
  }
  if (enabled.has('test')) {
    steps.push(
      enabled.has('image')
        ? {
            id: 'mx-test',
            name: tagged,
            entrypoint: 'python',
            args: ['-m', 'pytest', '-q'],
          }
        : {
            id: 'mx-test',
            name: PYTHON,
            entrypoint: 'bash',
            args: [
              '-c',
              'pip install -q -r requirements.txt pytest && python -m pytest -q',
            ],
          },
    );
  }
  if (enabled.has('lint')) {
    steps.push({
      id: 'mx-lint',
      name: PYTHON,
      entrypoint: 'bash',
      args: ['-c', 'pip install -q ruff && ruff check .'],
    });
  }
  if (enabled.has('image')) {
    steps.push({
      id: 'mx-image-push',
      name: 'gcr.io/cloud-builders/docker',
      args: ['push', '--all-tags', registry.image],
    });
  }
  if (enabled.has('docs')) {
    steps.push(
      {
        id: 'mx-docs-build',
        name: PYTHON,
        entrypoint: 'bash',
        args: [
          '-c',
          'pip install -q -r docs/requirements.txt && sphinx-build -b html docs docs/_build/html',
        ],
      },
      {
        id: 'mx-docs-publish',
        name: CLOUD_SDK,
        entrypoint: 'gcloud',
        args: [
          'storage',
          'rsync',
          '--recursive',
          '--delete-unmatched-destination-objects',
          'docs/_build/html',
          registry.docsDestination,
        ],
      },
    );
  }
  if (enabled.has('package')) {
    steps.push(
      {
        id: 'mx-package-build',
        name: PYTHON,
        entrypoint: 'bash',
        // Artifact Registry refuses to upload a version twice: every build publishes its own
        // development release of the pyproject version, <version>.dev<UTC build time> (PEP 440).
        // `$$` is a literal `$` for Cloud Build's substitutions.
        args: [
          '-c',
          `pip install -q build && sed -i -E 's/^version = "([^"]+)"$$/version = "\\1.dev'"$$(date -u +%Y%m%d%H%M%S)"'"/' pyproject.toml && python -m build`,
        ],
      },
      {
        id: 'mx-package-publish',
        name: PYTHON,
        entrypoint: 'bash',
        args: [
          '-c',
          `pip install -q twine keyrings.google-artifactregistry-auth && python -m twine upload --repository-url ${registry.pythonRepository} dist/*`,
        ],
      },
    );
  }
  return steps;
}

const isManaged = (s: Step) =>
  typeof s?.id === 'string' && s.id.startsWith(MANAGED_PREFIX);

/**
 * Replaces the managed steps of an existing step list. A user step stays right after the managed
 * step it followed (or at the top when it came first); when that step is gone, after the nearest
 * earlier managed step that remains.
 */
export function mergeSteps(existing: Step[], managed: Step[]): Step[] {
  const newIds = new Set(managed.map(s => s.id));
  const head: Step[] = [];
  const after = new Map<string, Step[]>();
  let anchor: string | undefined;
  for (const s of existing) {
    if (isManaged(s)) {
      if (newIds.has(s.id)) anchor = s.id;
      continue;
    }
    if (anchor === undefined) head.push(s);
    else after.set(anchor, [...(after.get(anchor) ?? []), s]);
  }
  const out = [...head];
  for (const m of managed) out.push(m, ...(after.get(m.id!) ?? []));
  return out;
}

const HEADER = `# Cloud Build config of this project. Steps whose id starts with "mx-" are managed by MX for
# Backstage (mx:cloudbuild:enable) and are regenerated; add your own steps with other ids: they are
# kept where you put them.
`;

/** The Terraform of a GitHub-push Cloud Build trigger; formatted as `terraform fmt` would. */
export function triggerTerraform(options: {
  project: Pick<ProjectValues, 'name' | 'gcpProjectId'>;
  owner: string;
  repo: string;
  branch: string;
  triggerName: string;
}): string {
  const { project, owner, repo, branch, triggerName } = options;
  const q = (s: string) =>
    JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  const resource = `mx_${project.name.replace(/-/g, '_')}`;
  return `# Managed by MX for Backstage (mx:cloudbuild:enable): the Cloud Build trigger of ${
    project.name
  }.
resource "google_cloudbuild_trigger" "${resource}" {
  project     = ${q(project.gcpProjectId)}
  location    = "global"
  name        = ${q(triggerName)}
  description = ${q(`Builds ${project.name} on every push to ${branch}`)}
  filename    = "cloudbuild.yaml"

  github {
    owner = ${q(owner)}
    name  = ${q(repo)}

    push {
      branch = ${q(`^${branch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)}
    }
  }
}
`;
}

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
      "Composes the project's cloudbuild.yaml from its enabled steps (image build and push to the project's Artifact Registry, tests, lint, Sphinx docs build and publish, Python package build and twine upload), keeping every step whose id does not start with `mx-` where the user put it, and adds the GitHub push trigger as Terraform (infrastructure/terraform/cloudbuild.tf) or creates it with gcloud.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        steps: z =>
          z
            .array(z.enum(CLOUDBUILD_STEP_KINDS))
            .min(1)
            .describe(
              'Enabled steps: `image` (docker build + push to <region>-docker.pkg.dev/<gcpProjectId>/<name>/<name>), `test` (pytest), `lint` (ruff), `docs` (Sphinx build + publish to gs://<docsBucket>/<name>), `package` (python -m build + twine upload to <region>-python.pkg.dev/<gcpProjectId>/<name>-python)',
            ),
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
        docsBucket: z =>
          z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/)
            .optional()
            .describe(
              'Bucket the docs are published to (default: `<gcpProjectId>-docs`)',
            ),
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
              'Where cloudbuild.tf goes, relative to the repository (default: `infrastructure/terraform`)',
            ),
      },
      output: {
        steps: z =>
          z
            .array(z.string())
            .describe('Ids of every step in cloudbuild.yaml, in order'),
        preserved: z =>
          z
            .array(z.string())
            .describe('Ids (or names) of the user-added steps that were kept'),
        triggerName: z =>
          z
            .string()
            .describe('Name of the Cloud Build trigger ("" without one)'),
        triggerFile: z =>
          z
            .string()
            .describe(
              'The Terraform file of the trigger, relative to the repository ("" unless trigger is terraform)',
            ),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const trigger = input.trigger ?? 'terraform';
      const branch = input.branch ?? 'main';
      const repoDir = safeChildPath(
        ctx.workspacePath,
        input.targetPath ?? '.',
        'targetPath',
      );
      // Owners (and mx.admins) only: the one owner check every mutating mx action shares.
      if (guard) {
        await assertMayChangeWorkspaceProject(guard, ctx, {
          repoDir: repoDir,
          actionId: 'mx:cloudbuild:enable',
        });
      }
      // Every path and required answer is checked before anything is written.
      const dirRel = input.terraformDirectory ?? 'infrastructure/terraform';
      const dir = safeChildPath(repoDir, dirRel, 'terraformDirectory');
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
      const registry = projectRegistry(project, input.docsBucket);
      const file = safeChildPath(repoDir, 'cloudbuild.yaml', 'cloudbuild.yaml');

      let existing: Record<string, unknown> = {};
      const text = await fs.readFile(file, 'utf8').catch(e => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      if (text !== undefined) {
        try {
          existing = yaml.parse(text) ?? {};
        } catch (e) {
          throw new InputError(
            `cloudbuild.yaml is not valid YAML (${
              (e as Error).message.split('\n')[0]
            }); fix it by hand, it was left untouched`,
          );
        }
        if (
          typeof existing !== 'object' ||
          Array.isArray(existing) ||
          (existing.steps !== undefined && !Array.isArray(existing.steps))
        ) {
          throw new InputError(
            'cloudbuild.yaml must be a mapping with a list of steps; it was left untouched',
          );
        }
      }
      const previous = (existing.steps as Step[] | undefined) ?? [];
      const enabled = new Set(input.steps);
      const steps = mergeSteps(previous, managedSteps(enabled, registry));
      const ids = new Set(steps.map(s => s.id).filter(Boolean));
      for (const s of steps) {
        const waits = Array.isArray(s.waitFor) ? (s.waitFor as string[]) : [];
        for (const w of waits) {
          if (w !== '-' && !ids.has(w)) {
            ctx.logger.warn(
              `Step ${
                s.id ?? s.name
              } waits for '${w}', which is no longer in cloudbuild.yaml`,
            );
          }
        }
      }
      const doc: Record<string, unknown> = { ...existing, steps };
      if (!doc.options) doc.options = { logging: 'CLOUD_LOGGING_ONLY' };
      if (!doc.timeout) doc.timeout = '1800s';
      const rendered = `${HEADER}${yaml.stringify(doc, { lineWidth: 0 })}`;
      if (rendered !== text) await fs.writeFile(file, rendered, 'utf8');
      const preserved = steps
        .filter(s => !isManaged(s))
        .map(s => String(s.id ?? s.name));
      ctx.logger.info(
        `cloudbuild.yaml: ${steps.length} steps (${
          preserved.length
        } of your own kept)${rendered === text ? ', unchanged' : ''}`,
      );

      // Cloud Build trigger names: 1-64 letters, digits and hyphens, alphanumeric first and last
      const triggerName = `${project.name}-${branch.replace(
        /[^A-Za-z0-9-]/g,
        '-',
      )}`
        .slice(0, 64)
        .replace(/-+$/, '');
      const owner = input.githubOwner;
      const repo = input.githubRepo ?? project.name;
      let triggerFile = '';
      if (trigger === 'terraform') {
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(
          tf,
          triggerTerraform({
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
          `--branch-pattern=^${branch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
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

      ctx.output(
        'steps',
        steps.map(s => String(s.id ?? s.name)),
      );
      ctx.output('preserved', preserved);
      ctx.output('triggerName', trigger === 'none' ? '' : triggerName);
      ctx.output('triggerFile', triggerFile);
    },
  });
}
