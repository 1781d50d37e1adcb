/*
 * MX's pull requests on GitHub, through Octokit (the client Backstage's own GitHub actions use):
 * credentials come from `@backstage/integration` (`integrations.github` token or GitHub App) via
 * the GitHub scaffolder module's `getOctokitOptions`/`getOctokitClient`.
 *
 * A change becomes one commit made with the Git Data API — blobs, a tree on top of the checked-out
 * commit's tree (`sha: null` deletes a path), a commit whose parent is the checked-out commit —
 * then a branch (create ref) and a pull request. Parent and base tree are exactly what the
 * generator saw, so a teammate's later push to the base branch is never silently overwritten
 * (GitHub shows the pull request as conflicting instead).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  getOctokitClient,
  getOctokitOptions,
} from '@backstage/plugin-scaffolder-backend-module-github';

/** The prefix of every branch MX opens a pull request from (see mx:repo:push). */
export const MX_BRANCH_PREFIX = 'mx/';

export type GithubClient = ReturnType<typeof getOctokitClient>;

/** An Octokit client for one repository, authenticated by the configured GitHub integration. */
export async function githubClientFor(options: {
  integrations: ScmIntegrationRegistry;
  credentialsProvider?: GithubCredentialsProvider;
  host: string;
  owner: string;
  repo: string;
  logger: LoggerService;
}): Promise<GithubClient> {
  const octokitOptions = await getOctokitOptions({
    integrations: options.integrations,
    credentialsProvider: options.credentialsProvider,
    host: options.host,
    owner: options.owner,
    repo: options.repo,
  });
  // `{ retries: 0 }` skips the helper's own retry wrapper: it sets `request.retries` for every
  // request, which makes @octokit/plugin-retry retry even a 422 ("Reference already exists")
  // after `retryAfter` (1000) × 1000 ms — a step would hang for ~17 minutes. The plain `octokit`
  // client still has its default retry plugin (server errors only) and throttling.
  return getOctokitClient(octokitOptions, options.logger, { retries: 0 });
}

/** One changed path: new content (with its git mode), or a deletion. */
export type FileChange =
  | { path: string; mode: '100644' | '100755' | '120000'; content: Buffer }
  | { path: string; deleted: true };

function status(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'status' in e
    ? Number((e as { status: unknown }).status)
    : undefined;
}

/**
 * Commits `changes` on top of `parentSha` (which must exist on GitHub: the checked-out commit) and
 * points a new branch at it. When the branch exists: reused if it already holds this very change
 * (a retried step after a crash), else the change goes to a branch beside it; an
 * existing branch is never moved. The fallback branch is `<branch>-<tree8>`.
 */
export async function commitToNewBranch(options: {
  client: GithubClient;
  owner: string;
  repo: string;
  parentSha: string;
  branch: string;
  message: string;
  author: { name: string; email: string };
  changes: FileChange[];
  logger: LoggerService;
}): Promise<{ commitSha: string; branch: string }> {
  const { client, owner, repo } = options;
  const parent = await client.rest.git.getCommit({
    owner,
    repo,
    commit_sha: options.parentSha,
  });
  const toEntry = async (change: FileChange) => {
    if ('deleted' in change) {
      return {
        path: change.path,
        mode: '100644' as const,
        type: 'blob' as const,
        sha: null,
      };
    }
    const blob = await client.rest.git.createBlob({
      owner,
      repo,
      content: change.content.toString('base64'),
      encoding: 'base64',
    });
    return {
      path: change.path,
      mode: change.mode,
      type: 'blob' as const,
      sha: blob.data.sha,
    };
  };
  // A few blobs at a time: GitHub's secondary rate limits punish bursts of content-creating calls.
  const tree: Array<Awaited<ReturnType<typeof toEntry>>> = [];
  for (let i = 0; i < options.changes.length; i += 4) {
    tree.push(
      ...(await Promise.all(options.changes.slice(i, i + 4).map(toEntry))),
    );
  }
  const newTree = await client.rest.git.createTree({
    owner,
    repo,
    base_tree: parent.data.tree.sha,
    tree,
  });
  const commit = await client.rest.git.createCommit({
    owner,
    repo,
    message: options.message,
    tree: newTree.data.sha,
    parents: [options.parentSha],
    author: options.author,
  });

  const sameChange = async (ref: string) => {
    const existing = await client.rest.git.getRef({
      owner,
      repo,
      ref: `heads/${ref}`,
    });
    if (existing.data.object.sha === commit.data.sha) return true;
    const head = await client.rest.git.getCommit({
      owner,
      repo,
      commit_sha: existing.data.object.sha,
    });
    // Tree hashes are content addresses: the same tree on the same parent is this change.
    return (
      head.data.tree.sha === newTree.data.sha &&
      head.data.parents.length === 1 &&
      head.data.parents[0].sha === options.parentSha
    );
  };
  const createRef = async (ref: string): Promise<'created' | 'exists'> => {
    try {
      await client.rest.git.createRef({
        owner,
        repo,
        ref: `refs/heads/${ref}`,
        sha: commit.data.sha,
      });
      return 'created';
    } catch (e) {
      // GitHub answers 422 "Reference already exists".
      if (status(e) === 422) return 'exists';
      throw e;
    }
  };

  for (const ref of [
    options.branch,
    // Named after the tree, so a retried step finds the same fallback branch.
    `${options.branch}-${newTree.data.sha.slice(0, 8)}`,
  ]) {
    if ((await createRef(ref)) === 'created') {
      return { commitSha: commit.data.sha, branch: ref };
    }
    if (await sameChange(ref)) {
      const existing = await client.rest.git.getRef({
        owner,
        repo,
        ref: `heads/${ref}`,
      });
      options.logger.info(
        `The branch ${ref} already holds this change (an earlier attempt of this step); reusing it`,
      );
      return { commitSha: existing.data.object.sha, branch: ref };
    }
    options.logger.warn(
      `The branch ${ref} already exists in ${owner}/${repo} with other commits (an earlier pull request?); it was left untouched`,
    );
  }
  throw new ConflictError(
    `The branches ${options.branch} and ${
      options.branch
    }-${newTree.data.sha.slice(
      0,
      8,
    )} already exist in ${owner}/${repo} with other commits; set branchName to a new branch and run the template again`,
  );
}

/** Opens a pull request from `head`, or returns the one already open from it. */
export async function openPullRequest(options: {
  client: GithubClient;
  owner: string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
}): Promise<{ url: string; number: number }> {
  const { client, owner, repo, head, base } = options;
  try {
    const pr = await client.rest.pulls.create({
      owner,
      repo,
      head,
      base,
      title: options.title,
      body: options.body,
    });
    return { url: pr.data.html_url, number: pr.data.number };
  } catch (e) {
    if (status(e) !== 422) throw e;
    // 422 "A pull request already exists for owner:head" (a retried step).
    const open = await client.rest.pulls.list({
      owner,
      repo,
      state: 'open',
      head: `${owner}:${head}`,
    });
    if (open.data.length > 0) {
      return { url: open.data[0].html_url, number: open.data[0].number };
    }
    throw new ConflictError(
      `GitHub refused to open the pull request ${head} → ${base} in ${owner}/${repo}: ${
        (e as Error).message
      }`,
    );
  }
}

/** Reads the mode bits git records for a staged path (`100644`, `100755`, `120000`). */
export function gitMode(mode: string): '100644' | '100755' | '120000' {
  if (mode === '100755' || mode === '120000') return mode;
  if (mode === '100644') return mode;
  throw new InputError(
    `mx:repo:push cannot publish a git entry of mode ${mode} (a submodule?) to GitHub`,
  );
}
