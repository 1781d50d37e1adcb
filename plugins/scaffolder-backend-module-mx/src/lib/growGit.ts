/*
 * Helpers shared by the "grow" actions (mx:repo:checkout, mx:files:reconcile, mx:repo:push):
 * where a project's repository lives, and running git through the CLI runner with credentials
 * passed only as an http.extraHeader in the child's environment (never in args, URLs or logs).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  LOCAL_GIT_HOST_PLUGIN_ID,
  projectLocation,
} from '@mx-backstage/plugin-mx-common';
import { CliRunner } from '../cli/runner';

/** Where a project's repository lives and how to clone it. */
export interface ProjectRepoLocation {
  /** `local`: the MX local git host; `github`: a configured GitHub integration. */
  host: 'local' | 'github';
  /** What `git clone` takes; never carries credentials. */
  remoteUrl: string;
  /** The branch named by the annotation; undefined means the repository's default branch. */
  branch?: string;
  /** GitHub only. */
  owner?: string;
  repo?: string;
  /** The annotation the location was read from, for messages. */
  annotation: string;
}

function stripUrlPrefix(annotation: string, value: string): URL {
  if (!value.startsWith('url:')) {
    throw new InputError(
      `The entity's ${annotation} annotation '${value}' is not a URL location (expected 'url:http…'); MX can only grow projects whose repository is on the local git host or on GitHub`,
    );
  }
  try {
    return new URL(value.slice(4));
  } catch {
    throw new InputError(
      `The entity's ${annotation} annotation '${value}' is not a valid URL`,
    );
  }
}

/** A GitHub repository URL (`https://github.com/o/r/tree/main/...`) for a configured integration. */
export function parseGithubRepoUrl(
  url: URL,
  integrations: ScmIntegrationRegistry,
):
  | { owner: string; repo: string; ref?: string; remoteUrl: string }
  | undefined {
  if (!integrations.github.byUrl(url.toString())) return undefined;
  const m =
    /^\/([^/]+)\/([^/]+?)(?:\.git)?(?:\/(?:tree|blob)\/([^/]+)(?:\/.*)?)?\/?$/.exec(
      url.pathname,
    );
  if (!m) return undefined;
  const [, owner, repo, ref] = m;
  return {
    owner: decodeURIComponent(owner),
    repo: decodeURIComponent(repo),
    ref: ref ? decodeURIComponent(ref) : undefined,
    remoteUrl: `${url.origin}/${owner}/${repo}.git`,
  };
}

/**
 * Reads an entity's repository from `backstage.io/source-location`, or else
 * `backstage.io/managed-by-location`: the local git host (`…/repos/<name>/{tree,blob}/<ref>/…`)
 * or GitHub (`https://github.com/<o>/<r>/tree/<ref>/…`).
 */
export function locateProjectRepo(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): ProjectRepoLocation {
  const location = projectLocation(entity.metadata.annotations);
  if (!location) {
    throw new InputError(
      `The entity has neither a ${ANNOTATION_SOURCE_LOCATION} nor a ${ANNOTATION_LOCATION} annotation, so its repository is unknown; register the project from its repository's catalog-info.yaml`,
    );
  }
  const { annotation, value } = location;
  const url = stripUrlPrefix(annotation, value);

  const gh = parseGithubRepoUrl(url, integrations);
  if (gh) {
    return {
      host: 'github',
      remoteUrl: gh.remoteUrl,
      branch: gh.ref,
      owner: gh.owner,
      repo: gh.repo,
      annotation,
    };
  }
  const local =
    /^(.*)\/repos\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.git)?(?:\/(?:tree|blob)\/([^/]+)(?:\/.*)?)?\/?$/.exec(
      url.pathname,
    );
  if (local && local[1].endsWith(`/${LOCAL_GIT_HOST_PLUGIN_ID}`)) {
    return {
      host: 'local',
      remoteUrl: `${url.origin}${local[1]}/repos/${local[2]}.git`,
      branch: local[3] ? decodeURIComponent(local[3]) : undefined,
      annotation,
    };
  }
  throw new InputError(
    `The entity's ${annotation} '${url}' is neither on the MX local git host (…/api/mx-git-host/repos/<name>/…) nor on a GitHub host configured under integrations.github`,
  );
}

/** Environment that makes git send one HTTP header (credentials) without putting it in args or .git/config. */
export function extraHeaderEnv(header: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: header,
  };
}

/** The header GitHub accepts for git over HTTPS with a token, and every form of it to redact. */
export function githubGitAuth(token: string): {
  header: string;
  secrets: string[];
} {
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString(
    'base64',
  );
  return { header: `Authorization: Basic ${basic}`, secrets: [token, basic] };
}

/** The author of commits made for a user, falling back to MX itself. */
export interface GitIdentity {
  name: string;
  email: string;
}

export const MX_GIT_IDENTITY: GitIdentity = {
  name: 'MX for Backstage',
  email: 'mx@backstage.local',
};

/** Runs git in `cwd` through the runner: no prompts, no hooks, fixed identity, credentials by env. */
export function createGit(options: {
  runner: CliRunner;
  cwd: string;
  logger: LoggerService;
  signal?: AbortSignal;
  author?: GitIdentity;
  header?: string;
  secrets?: string[];
}) {
  const author = options.author ?? MX_GIT_IDENTITY;
  return (
    args: string[],
    extra: { auth?: boolean; allowFailure?: boolean; quiet?: boolean } = {},
  ) =>
    options.runner.run({
      command: 'git',
      args,
      cwd: options.cwd,
      env: {
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: 'true',
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: MX_GIT_IDENTITY.name,
        GIT_COMMITTER_EMAIL: MX_GIT_IDENTITY.email,
        ...(extra.auth && options.header ? extraHeaderEnv(options.header) : {}),
      },
      secrets: options.secrets,
      logger: extra.quiet ? undefined : options.logger,
      signal: options.signal,
      allowFailure: extra.allowFailure,
      quietStdout: extra.quiet,
    });
}
