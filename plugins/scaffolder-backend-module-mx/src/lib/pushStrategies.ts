/*
 * The two ways mx:repo:push publishes a checked-out project's changes: a direct commit pushed to
 * the branch on MX's local git host, or one commit through GitHub's API on a new branch with a
 * pull request.
 */
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { JsonObject } from '@backstage/types';
import { LOCAL_GIT_HOST_PLUGIN_ID } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import { CliError, CliRunner } from '../cli/runner';
import {
  FileChange,
  commitToNewBranch,
  gitMode,
  githubClientFor,
  openPullRequest,
} from './githubPullRequests';
import { GitIdentity, createGit, parseGithubRepoUrl } from './growGit';
import { safeChildPath } from './paths';

/** What a push strategy needs of the action's context. */
export interface PushContext {
  logger: LoggerService;
  signal?: AbortSignal;
  getInitiatorCredentials(): Promise<BackstageCredentials>;
  checkpoint<T extends JsonObject | string | void>(opts: {
    key: string;
    fn: () => Promise<T>;
  }): Promise<T>;
}

/** The default pull request branch: `<title>` as a slug. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '') || 'update'
  );
}

/** What `git add --all` staged against HEAD: new content with its mode, or a deletion. */
export async function stagedChanges(
  git: ReturnType<typeof createGit>,
  dir: string,
): Promise<FileChange[]> {
  const raw = (
    await git(['diff', '--cached', '--raw', '--no-renames', '-z', 'HEAD'], {
      quiet: true,
    })
  ).stdout;
  // `:<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0` per path.
  const parts = raw.split('\0').filter(p => p !== '');
  const changes: FileChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const [, newMode, , , status] = parts[i].slice(1).split(' ');
    const file = parts[i + 1];
    if (status === 'D') {
      changes.push({ path: file, deleted: true });
      continue;
    }
    const mode = gitMode(newMode);
    const full = safeChildPath(dir, file, 'staged file');
    const content =
      mode === '120000'
        ? Buffer.from(await fs.readlink(full), 'utf8')
        : await fs.readFile(full);
    changes.push({ path: file, mode, content });
  }
  return changes;
}

/**
 * Local git host: commits the staged changes (unless a retried step already did) and pushes
 * them to `baseBranch` with the initiator's Backstage token; returns the pushed commit.
 */
export async function pushToLocalGitHost(opts: {
  ctx: PushContext;
  auth: AuthService;
  runner: CliRunner;
  dir: string;
  author: GitIdentity;
  targetPath: string;
  baseBranch: string;
  remoteUrl: string;
  /** False when a retried step finds its commit made but not pushed. */
  commit: boolean;
  /** `-m <subject> [-m <body>]`. */
  message: string[];
}): Promise<string> {
  const { ctx, baseBranch, remoteUrl } = opts;
  const { token } = await opts.auth.getPluginRequestToken({
    onBehalfOf: await ctx.getInitiatorCredentials(),
    targetPluginId: LOCAL_GIT_HOST_PLUGIN_ID,
  });
  const git = createGit({
    runner: opts.runner,
    cwd: opts.dir,
    logger: ctx.logger,
    signal: ctx.signal,
    author: opts.author,
    header: `Authorization: Bearer ${token}`,
    secrets: [token],
  });
  const commitHash = await ctx.checkpoint({
    key: `mx.repo.push.${opts.targetPath}.${baseBranch}`,
    fn: async () => {
      if (opts.commit) {
        await git(['commit', '--quiet', '--no-verify', ...opts.message]);
      }
      try {
        await git(
          ['push', '--quiet', 'origin', `HEAD:refs/heads/${baseBranch}`],
          { auth: true },
        );
      } catch (e) {
        if (
          e instanceof CliError &&
          /rejected|non-fast-forward|fetch first/.test(e.message)
        ) {
          throw new ConflictError(
            `${baseBranch} of ${remoteUrl} changed while this template ran, so the commit was not pushed; run the template again`,
          );
        }
        throw e;
      }
      return (await git(['rev-parse', 'HEAD'], { quiet: true })).stdout.trim();
    },
  });
  ctx.logger.info(`Pushed ${commitHash} to ${baseBranch} of ${remoteUrl}`);
  return commitHash;
}

/**
 * GitHub: one commit through GitHub's API on top of the checked-out commit (no git push), on a
 * new branch, and a pull request from it into `baseBranch`.
 */
export async function pushAsGithubPullRequest(opts: {
  ctx: PushContext;
  integrations: ScmIntegrations;
  githubCredentials: GithubCredentialsProvider;
  localGit: ReturnType<typeof createGit>;
  dir: string;
  author: GitIdentity;
  targetPath: string;
  head: string;
  baseBranch: string;
  branchName: string;
  remoteUrl: string;
  title: string;
  message: string;
  description?: string;
}): Promise<{ commitHash: string; pullRequestUrl: string; branch: string }> {
  const { ctx, integrations, remoteUrl } = opts;
  const gh = parseGithubRepoUrl(new URL(remoteUrl), integrations);
  const integration = integrations.github.byUrl(remoteUrl);
  if (!gh || !integration) {
    throw new InputError(
      `mx.publish.target is 'github' but ${remoteUrl} is not on a GitHub host configured under integrations.github; add the integration or set mx.publish.target to 'local'`,
    );
  }
  const client = await githubClientFor({
    integrations,
    credentialsProvider: opts.githubCredentials,
    host: new URL(remoteUrl).host,
    owner: gh.owner,
    repo: gh.repo,
    logger: ctx.logger,
  });
  const changes = await stagedChanges(opts.localGit, opts.dir);
  const result = await ctx.checkpoint({
    key: `mx.repo.push.${opts.targetPath}.${opts.branchName}`,
    fn: async () => {
      const commit = await commitToNewBranch({
        client,
        owner: gh.owner,
        repo: gh.repo,
        parentSha: opts.head,
        branch: opts.branchName,
        message: opts.message,
        author: opts.author,
        changes,
        logger: ctx.logger,
      });
      const pr = await openPullRequest({
        client,
        owner: gh.owner,
        repo: gh.repo,
        head: commit.branch,
        base: opts.baseBranch,
        title: opts.title,
        body: opts.description ?? '',
      });
      return {
        commitHash: commit.commitSha,
        pullRequestUrl: pr.url,
        branch: commit.branch,
      };
    },
  });
  ctx.logger.info(
    `Pushed ${result.commitHash} to ${result.branch}; pull request: ${result.pullRequestUrl}`,
  );
  return result;
}
