import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, ResponseError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CliRunner } from '../cli/runner';
import { LOCAL_GIT_HOST_PLUGIN_ID } from '@mx-backstage/plugin-mx-common';
import { createGit } from '../lib/growGit';
import { safeChildPath } from '../lib/paths';
import { readPublishTarget } from '../lib/publishTarget';
import { examples } from './repoPublish.examples';

/**
 * `mx:repo:publish` — publishes the rendered project as a new repository: to the local git host
 * in the embedded default, or to GitHub when `mx.publish.target: github` (delegating to
 * Backstage's own `publish:github`).
 */
export function createRepoPublishAction(deps: {
  config: Config;
  auth: AuthService;
  discovery: DiscoveryService;
  runner: CliRunner;
}) {
  const { config, auth, discovery, runner } = deps;
  const github = createPublishGithubAction({
    integrations: ScmIntegrations.fromConfig(config),
    config,
  });

  return createTemplateAction({
    id: 'mx:repo:publish',
    description:
      'Publishes the workspace as a new git repository: on the local git host (embedded default) or on GitHub (`mx.publish.target: github`). Refuses to touch a repository that already has commits.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(
              /^[a-z0-9]+(-[a-z0-9]+)*$/,
              'lowercase letters, digits and single hyphens',
            )
            .max(63)
            .describe('Repository name (the project name)'),
        description: z =>
          z.string().optional().describe('Repository description'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace to publish (default: the workspace root)',
            ),
        defaultBranch: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9._][A-Za-z0-9._/-]*$/)
            .optional()
            .describe('Default branch (default: main)'),
        commitMessage: z =>
          z.string().optional().describe('Message of the initial commit'),
      },
      output: {
        remoteUrl: z =>
          z
            .string()
            .describe('URL to clone the repository (`git clone <remoteUrl>`)'),
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              'URL of the repository root on the default branch, readable by Backstage',
            ),
        commitHash: z => z.string().describe('The published commit'),
      },
    },
    async handler(ctx) {
      const branch = ctx.input.defaultBranch ?? 'main';
      const target = readPublishTarget(config);

      if (target === 'github') {
        const host =
          config.getOptionalString('mx.publish.github.host') ?? 'github.com';
        const owner = config.getString('mx.publish.github.owner');
        const repoUrl = `${host}?owner=${encodeURIComponent(owner)}&repo=${
          ctx.input.name
        }`;
        const outputs: Record<string, unknown> = {};
        await github.handler({
          ...ctx,
          input: {
            repoUrl,
            description: ctx.input.description,
            defaultBranch: branch,
            sourcePath: ctx.input.sourcePath,
            gitCommitMessage: ctx.input.commitMessage,
            repoVisibility: 'private',
          },
          output: (k: string, v: unknown) => {
            outputs[k] = v;
          },
        } as any);
        ctx.output('remoteUrl', String(outputs.remoteUrl));
        ctx.output('repoContentsUrl', String(outputs.repoContentsUrl));
        ctx.output('commitHash', String(outputs.commitHash ?? ''));
        return;
      }

      const baseUrl = await discovery.getExternalBaseUrl(
        LOCAL_GIT_HOST_PLUGIN_ID,
      );
      const remoteUrl = `${baseUrl}/repos/${ctx.input.name}.git`;
      const repoContentsUrl = `${baseUrl}/repos/${ctx.input.name}/tree/${branch}`;
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would publish to ${remoteUrl}`);
        ctx.output('remoteUrl', remoteUrl);
        ctx.output('repoContentsUrl', repoContentsUrl);
        ctx.output('commitHash', '0000000000000000000000000000000000000000');
        return;
      }

      const dir = safeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
        'sourcePath',
      );
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: LOCAL_GIT_HOST_PLUGIN_ID,
      });
      const internalBase = await discovery.getBaseUrl(LOCAL_GIT_HOST_PLUGIN_ID);

      const commitHash = await ctx.checkpoint({
        key: `mx.repo.publish.${ctx.input.name}`,
        fn: async () => {
          const res = await fetch(`${internalBase}/repos`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
            },
            body: JSON.stringify({
              name: ctx.input.name,
              description: ctx.input.description,
              defaultBranch: branch,
            }),
          });
          if (res.status === 409) {
            const body = await res.json().catch(() => ({}));
            if (!body.empty) {
              throw new ConflictError(
                `A repository named '${ctx.input.name}' already exists on the local git host (${remoteUrl}) and has commits; it was left untouched. Choose another project name, or grow the existing project from its catalog page.`,
              );
            }
            ctx.logger.info(`Reusing the empty repository ${remoteUrl}`);
          } else if (!res.ok) {
            throw await ResponseError.fromResponse(res);
          }

          const git = createGit({
            runner,
            cwd: dir,
            logger: ctx.logger,
            signal: ctx.signal,
            header: `Authorization: Bearer ${token}`,
            secrets: [token],
          });
          await git(['init', '--quiet', `--initial-branch=${branch}`]);
          await git(['add', '--all']);
          await git([
            'commit',
            '--quiet',
            '--no-verify',
            '-m',
            ctx.input.commitMessage ?? 'Initial commit from MX for Backstage',
          ]);
          await git(
            ['push', '--quiet', remoteUrl, `HEAD:refs/heads/${branch}`],
            { auth: true },
          );
          const head = await git(['rev-parse', 'HEAD']);
          return head.stdout.trim();
        },
      });

      ctx.logger.info(`Published ${commitHash} to ${remoteUrl}`);
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', repoContentsUrl);
      ctx.output('commitHash', commitHash);
    },
  });
}
