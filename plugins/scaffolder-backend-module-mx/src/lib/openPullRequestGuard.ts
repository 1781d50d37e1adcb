/* Pull requests MX opened that are still open: listed for the project page, refused before a change. */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { locateProjectRepo } from './growGit';
import {
  GithubClient,
  MX_BRANCH_PREFIX,
  githubClientFor,
} from './githubPullRequests';

export interface OpenPullRequest {
  number: number;
  url: string;
  title: string;
  branch: string;
}

/** Open pull requests into `base` whose head is an MX branch of the same repository. */
export async function listOpenMxPullRequests(options: {
  client: GithubClient;
  owner: string;
  repo: string;
  base?: string;
}): Promise<OpenPullRequest[]> {
  const { client, owner, repo } = options;
  const pulls = await client.paginate(client.rest.pulls.list, {
    owner,
    repo,
    state: 'open',
    ...(options.base ? { base: options.base } : {}),
    per_page: 100,
  });
  return pulls
    .filter(
      p =>
        p.head.ref.startsWith(MX_BRANCH_PREFIX) &&
        p.head.repo?.full_name?.toLowerCase() ===
          `${owner}/${repo}`.toLowerCase(),
    )
    .map(p => ({
      number: p.number,
      url: p.html_url,
      title: p.title,
      branch: p.head.ref,
    }));
}

/**
 * Day-2 guard: apply and deploy read the project's default branch, so while an MX pull request of
 * the project is open its change (e.g. new infrastructure, a new deployment) is not what would be
 * applied. `refuse` throws a ConflictError naming the pull requests to merge or close; `warn`
 * (plans, dry runs) only logs them. Projects on the local git host have no pull requests.
 */
export async function assertNoOpenMxPullRequest(options: {
  config: Config;
  entity: Entity;
  logger: LoggerService;
  mode: 'refuse' | 'warn';
  operation: string;
  credentialsProvider?: GithubCredentialsProvider;
  integrations?: ScmIntegrationRegistry;
}): Promise<OpenPullRequest[]> {
  const integrations =
    options.integrations ?? ScmIntegrations.fromConfig(options.config);
  let location;
  try {
    location = locateProjectRepo(options.entity, integrations);
  } catch {
    return [];
  }
  if (location.host !== 'github' || !location.owner || !location.repo) {
    return [];
  }
  const host = new URL(location.remoteUrl).host;
  const client = await githubClientFor({
    integrations,
    credentialsProvider: options.credentialsProvider,
    host,
    owner: location.owner,
    repo: location.repo,
    logger: options.logger,
  });
  let open: OpenPullRequest[];
  try {
    open = await listOpenMxPullRequests({
      client,
      owner: location.owner,
      repo: location.repo,
      base: location.branch,
    });
  } catch (e) {
    throw new ConflictError(
      `Could not list the open pull requests of ${location.owner}/${
        location.repo
      } on GitHub to check that no MX change is waiting to be merged: ${
        (e as Error).message
      }. Check the GitHub integration's token (it needs read access to pull requests) and run this template again.`,
    );
  }
  if (open.length === 0) return open;
  const list = open.map(p => `#${p.number} ${p.title} (${p.url})`).join('; ');
  const what = `${location.owner}/${location.repo} has ${
    open.length
  } open MX pull request(s) not merged yet: ${list}. ${
    options.operation
  } uses the ${
    location.branch ?? 'default'
  } branch, which does not contain their changes`;
  if (options.mode === 'refuse') {
    throw new ConflictError(
      `${what}. Merge (or close) them on GitHub first, then run this template again.`,
    );
  }
  options.logger.warn(`${what}; merge them before applying or deploying.`);
  return open;
}
