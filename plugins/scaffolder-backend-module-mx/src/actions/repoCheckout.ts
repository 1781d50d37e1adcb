import { DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LOCAL_GIT_HOST_PLUGIN_ID,
  ML_PROJECT_TYPE,
  STATE_FILE_PATH,
  isMxProject,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliRunner } from '../cli/runner';
import { createGit, githubGitAuth, locateProjectRepo } from '../lib/growGit';
import { examples } from './repoCheckout.examples';
import { recordCheckout } from '../lib/owners';
import { safeChildPath } from '../lib/paths';
import { projectEntityRefInput } from '../lib/inputs';
import { readOptionalProjectState } from '../lib/state';

async function exists(p: string) {
  return fs
    .stat(p)
    .then(() => true)
    .catch(() => false);
}

/**
 * `mx:repo:checkout` — clones the repository of an existing MX project (from its catalog entity)
 * into the workspace and reads its `.mx/state.yaml`, so a generator can grow the project.
 */
export function createRepoCheckoutAction(deps: {
  catalog: CatalogService;
  config: Config;
  runner: CliRunner;
  /** Maps the local git host's external URL to the backend's internal one, when they differ. */
  discovery?: DiscoveryService;
  githubCredentialsProvider?: GithubCredentialsProvider;
}) {
  const { catalog, config, runner, discovery } = deps;
  const integrations = ScmIntegrations.fromConfig(config);
  const githubCredentials =
    deps.githubCredentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

  return createTemplateAction({
    id: 'mx:repo:checkout',
    description:
      "Clones the repository of an existing ML project (a catalog Component of type ml-project) into the workspace and reads its .mx/state.yaml, so a generator can grow the project. The project's answers are in the `project` output.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: projectEntityRefInput(
          "The project's catalog entity, e.g. `component:default/fraud-detection` (the kind defaults to component)",
        ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace to clone into (default: `repo`)',
            ),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('URL the repository was cloned from'),
        branch: z => z.string().describe('The branch that was checked out'),
        repoPath: z =>
          z
            .string()
            .describe('Where the repository is, relative to the workspace'),
        state: z =>
          z
            .record(z.string(), z.unknown())
            .optional()
            .describe("The project's parsed .mx/state.yaml"),
        project: z =>
          z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              "The project's answers (state.project): name, client, owner, gcpProjectId, region…",
            ),
      },
    },
    async handler(ctx) {
      const targetPath = ctx.input.targetPath ?? 'repo';
      const dir = safeChildPath(
        ctx.workspacePath,
        targetPath,
        'targetPath',
        "use a relative path such as 'repo'",
      );
      if (path.relative(ctx.workspacePath, dir) === '') {
        throw new InputError(
          "targetPath must be a folder inside the workspace (e.g. 'repo'), not the workspace itself",
        );
      }

      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(ctx.input.entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch (e) {
        throw new InputError(
          `entityRef '${ctx.input.entityRef}' is not an entity reference: ${
            (e as Error).message
          }; use e.g. 'component:default/fraud-detection'`,
        );
      }
      const entity = await catalog.getEntityByRef(ref, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (!entity) {
        throw new InputError(
          `No entity '${ref}' in the catalog (or you may not read it); pick an ML project from the catalog`,
        );
      }
      if (!isMxProject(entity)) {
        const type = (entity.spec as { type?: unknown } | undefined)?.type;
        throw new InputError(
          `'${ref}' is a ${entity.kind}${
            type ? ` of type '${String(type)}'` : ''
          }, not an ML project: generators grow Components with spec.type '${ML_PROJECT_TYPE}' created by the ml-project template`,
        );
      }

      let location: ReturnType<typeof locateProjectRepo>;
      try {
        location = locateProjectRepo(entity, integrations);
      } catch (e) {
        if (!ctx.isDryRun || !(e instanceof InputError)) throw e;
        // A dry run clones nothing, so an entity without a location can still be checked.
        ctx.logger.warn(`Dry run: ${e.message}`);
        location = { host: 'local', remoteUrl: '', annotation: '' };
      }
      let cloneUrl = location.remoteUrl;
      if (location.host === 'local' && discovery) {
        const external = await discovery.getExternalBaseUrl(
          LOCAL_GIT_HOST_PLUGIN_ID,
        );
        const internal = await discovery.getBaseUrl(LOCAL_GIT_HOST_PLUGIN_ID);
        if (external !== internal && cloneUrl.startsWith(`${external}/`)) {
          cloneUrl = `${internal}${cloneUrl.slice(external.length)}`;
        }
      }

      const readState = async () =>
        (
          await readOptionalProjectState(dir, targetPath, {
            invalidHint: `. Fix the file in the repository (${location.remoteUrl}) and run the template again; nothing was changed.`,
          })
        ).state;

      let branch = location.branch;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would clone ${location.remoteUrl}${
            branch ? ` (branch ${branch})` : ''
          } into ${targetPath}`,
        );
      } else {
        let header: string | undefined;
        let secrets: string[] = [];
        if (location.host === 'github') {
          const { token } = await githubCredentials.getCredentials({
            url: location.remoteUrl.replace(/\.git$/, ''),
          });
          if (token) ({ header, secrets } = githubGitAuth(token));
        }
        if (await exists(safeChildPath(dir, '.git', 'targetPath'))) {
          ctx.logger.info(
            `${targetPath} already holds a clone (a retried step); using it`,
          );
        } else {
          const entries = await fs.readdir(dir).catch(() => [] as string[]);
          if (entries.length > 0) {
            throw new InputError(
              `targetPath '${targetPath}' already exists in the workspace and is not empty; choose another targetPath for the checkout`,
            );
          }
          await fs.mkdir(dir, { recursive: true });
          ctx.logger.info(`Cloning ${location.remoteUrl} into ${targetPath}`);
          await createGit({
            runner,
            cwd: dir,
            logger: ctx.logger,
            signal: ctx.signal,
            header,
            secrets,
          })(
            [
              'clone',
              '--quiet',
              '--no-tags',
              ...(branch ? ['--branch', branch] : []),
              '--',
              cloneUrl,
              '.',
            ],
            { auth: true },
          );
        }
        const head = await createGit({
          runner,
          cwd: dir,
          logger: ctx.logger,
        })(['rev-parse', '--abbrev-ref', 'HEAD'], { quiet: true });
        branch = head.stdout.trim();
        // The mutating mx actions read which entity this clone is (for their owner check).
        await recordCheckout(dir, ref);
      }

      const state = await readState();
      if (!state) {
        if (!ctx.isDryRun) {
          throw new InputError(
            `${location.remoteUrl} has no ${STATE_FILE_PATH}: it is not an MX project repository (or the file was deleted). Restore the file from the repository's history and run the template again.`,
          );
        }
        ctx.logger.info(
          `Dry run: no ${path.posix.join(
            targetPath,
            STATE_FILE_PATH,
          )} in the workspace, so the state and project outputs are empty`,
        );
      } else {
        ctx.logger.info(
          `Project '${state.project.name}' (${
            Object.keys(state.generators).length
          } generator(s) applied: ${Object.keys(state.generators).join(', ')})`,
        );
      }

      ctx.output('remoteUrl', location.remoteUrl);
      ctx.output('branch', branch ?? 'main');
      ctx.output('repoPath', targetPath);
      if (state) {
        ctx.output('state', state as unknown as Record<string, unknown>);
        ctx.output('project', state.project as Record<string, unknown>);
      }
    },
  });
}
