import { AuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { CliRunner } from '../cli/runner';
import { GitIdentity, MX_GIT_IDENTITY, createGit } from '../lib/growGit';
import { safeChildPath } from '../lib/paths';
import { readPublishTarget } from '../lib/publishTarget';
import {
  pushAsGithubPullRequest,
  pushToLocalGitHost,
  slug,
} from '../lib/pushStrategies';
import { examples } from './repoPush.examples';
import { ProjectGuard, assertMayChangeWorkspaceProject } from '../lib/owners';

const BRANCH_PATTERN =
  /^(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._][A-Za-z0-9._/-]*(?<![./])$/;

/**
 * `mx:repo:push` — commits what the generator changed in a checked-out project repository (deletions
 * included) and publishes it: a direct commit to the branch on the local git host, or a branch and
 * pull request on GitHub (`mx.publish.target: github`). Nothing changed → no commit.
 */
export function createRepoPushAction(deps: {
  config: Config;
  auth: AuthService;
  runner: CliRunner;
  githubCredentialsProvider?: GithubCredentialsProvider;
  /** The owner check (owners and mx.admins change a project). */
  guard?: ProjectGuard;
}) {
  const { config, auth, runner, guard } = deps;
  const integrations = ScmIntegrations.fromConfig(config);
  const githubCredentials =
    deps.githubCredentialsProvider ??
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

  return createTemplateAction({
    id: 'mx:repo:push',
    description:
      'Commits the changes in a checked-out project repository (created, updated and deleted files) and publishes them: a direct commit on the local git host, a branch and pull request on GitHub (mx.publish.target: github). Makes no commit when nothing changed.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'The repository in the workspace, as cloned by mx:repo:checkout (default: `repo`)',
            ),
        commitMessage: z => z.string().min(1).describe('Message of the commit'),
        branchName: z =>
          z
            .string()
            .regex(BRANCH_PATTERN, 'a git branch name such as mx/add-training')
            .optional()
            .describe(
              'GitHub only: the pull request branch (default: `mx/<title, else commit message, as a slug>`)',
            ),
        title: z =>
          z
            .string()
            .optional()
            .describe(
              'GitHub only: pull request title (default: the commit message)',
            ),
        description: z =>
          z
            .string()
            .optional()
            .describe(
              "The change's description, e.g. mx:files:reconcile's summary: the commit message body, and the pull request body on GitHub",
            ),
      },
      output: {
        changed: z =>
          z.boolean().describe('False when there was nothing to commit'),
        commitHash: z =>
          z
            .string()
            .describe(
              'The new commit, or the unchanged HEAD when nothing changed',
            ),
        pullRequestUrl: z =>
          z.string().optional().describe('GitHub only: the pull request'),
        branchName: z =>
          z.string().describe('The branch the commit was pushed to'),
        remoteUrl: z => z.string().describe('The repository pushed to'),
      },
    },
    async handler(ctx) {
      const targetPath = ctx.input.targetPath ?? 'repo';
      // The description (the reconcile summary: merged keys, kept values, conflicts) is the
      // commit's body too, so a direct commit on the local git host carries it as well.
      const bodyArgs = ctx.input.description?.trim()
        ? ['-m', ctx.input.description.trim()]
        : [];
      const dir = safeChildPath(
        ctx.workspacePath,
        targetPath,
        'targetPath',
        "use a relative path such as 'repo'",
      );
      // Owners (and mx.admins) only: the one owner check every mutating mx action shares.
      if (guard) {
        await assertMayChangeWorkspaceProject(guard, ctx, {
          repoDir: dir,
          actionId: 'mx:repo:push',
        });
      }
      const isRepo = await fs
        .stat(safeChildPath(dir, '.git', 'targetPath'))
        .then(() => true)
        .catch(() => false);
      if (!isRepo) {
        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: ${targetPath} is not a git checkout (mx:repo:checkout clones nothing in a dry run); would commit and push its changes`,
          );
          ctx.output('changed', false);
          ctx.output('commitHash', '');
          ctx.output('branchName', '');
          ctx.output('remoteUrl', '');
          return;
        }
        throw new InputError(
          `${targetPath} is not a git checkout: run mx:repo:checkout with targetPath '${targetPath}' first`,
        );
      }

      const target = readPublishTarget(config);
      const profile = (
        ctx.user?.entity?.spec as
          | { profile?: { displayName?: string; email?: string } }
          | undefined
      )?.profile;
      const author: GitIdentity = {
        name:
          profile?.displayName ??
          config.getOptionalString('scaffolder.defaultAuthor.name') ??
          MX_GIT_IDENTITY.name,
        email:
          profile?.email ??
          config.getOptionalString('scaffolder.defaultAuthor.email') ??
          MX_GIT_IDENTITY.email,
      };
      const localGit = createGit({
        runner,
        cwd: dir,
        logger: ctx.logger,
        signal: ctx.signal,
        author,
      });
      const remoteUrl = (
        await localGit(['remote', 'get-url', 'origin'], { quiet: true })
      ).stdout.trim();
      const baseBranch = (
        await localGit(['rev-parse', '--abbrev-ref', 'HEAD'], { quiet: true })
      ).stdout.trim();

      if (baseBranch === 'HEAD') {
        throw new InputError(
          `${targetPath} has no branch checked out (a tag or commit was cloned), so there is nothing to push to; point the project's catalog location at a branch`,
        );
      }

      // Stage everything, deletions included; MX's own files even if a .gitignore matches them.
      await localGit(['add', '--all', '--', '.']);
      if (
        await fs
          .stat(safeChildPath(dir, '.mx', 'targetPath'))
          .catch(() => undefined)
      ) {
        await localGit(['add', '--all', '--force', '--', '.mx']);
      }
      const status = (
        await localGit(['status', '--porcelain'], { quiet: true })
      ).stdout;
      const head = (
        await localGit(['rev-parse', 'HEAD'], { quiet: true })
      ).stdout.trim();
      // A retried step may find its own commit already made but not pushed (local target).
      const unpushed =
        target === 'local' && status.trim() === ''
          ? Number(
              (
                await localGit(
                  [
                    'rev-list',
                    '--count',
                    `refs/remotes/origin/${baseBranch}..HEAD`,
                  ],
                  { quiet: true, allowFailure: true },
                )
              ).stdout.trim() || 0,
            )
          : 0;
      if (status.trim() === '' && !(unpushed > 0)) {
        ctx.logger.info(
          `Nothing to commit in ${targetPath}: the repository already has every change`,
        );
        ctx.output('changed', false);
        ctx.output('commitHash', head);
        ctx.output('branchName', baseBranch);
        ctx.output('remoteUrl', remoteUrl);
        return;
      }
      ctx.logger.info(
        status.trim()
          ? `Changes to commit:\n${status.trimEnd()}`
          : `${unpushed} commit(s) not pushed yet (a retried step)`,
      );

      const branchName =
        target === 'github'
          ? ctx.input.branchName ??
            `mx/${slug(ctx.input.title ?? ctx.input.commitMessage)}`
          : baseBranch;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would commit and push to ${remoteUrl} (${branchName}${
            target === 'github' ? `, pull request into ${baseBranch}` : ''
          })`,
        );
        ctx.output('changed', true);
        ctx.output('commitHash', head);
        ctx.output('branchName', branchName);
        ctx.output('remoteUrl', remoteUrl);
        return;
      }

      if (target === 'local') {
        if (ctx.input.branchName && ctx.input.branchName !== baseBranch) {
          ctx.logger.warn(
            `branchName '${ctx.input.branchName}' is ignored on the local git host: changes are committed to ${baseBranch}`,
          );
        }
        const commitHash = await pushToLocalGitHost({
          ctx,
          auth,
          runner,
          dir,
          author,
          targetPath,
          baseBranch,
          remoteUrl,
          commit: status.trim() !== '',
          message: ['-m', ctx.input.commitMessage, ...bodyArgs],
        });
        ctx.output('changed', true);
        ctx.output('commitHash', commitHash);
        ctx.output('branchName', baseBranch);
        ctx.output('remoteUrl', remoteUrl);
        return;
      }

      const result = await pushAsGithubPullRequest({
        ctx,
        integrations,
        githubCredentials,
        localGit,
        dir,
        author,
        targetPath,
        head,
        baseBranch,
        branchName,
        remoteUrl,
        title: ctx.input.title ?? ctx.input.commitMessage,
        message: ctx.input.commitMessage,
        description: ctx.input.description,
      });
      ctx.output('changed', true);
      ctx.output('commitHash', result.commitHash);
      ctx.output('pullRequestUrl', result.pullRequestUrl);
      ctx.output('branchName', result.branch);
      ctx.output('remoteUrl', remoteUrl);
    },
  });
}
