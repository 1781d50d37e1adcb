/**
 * Where a project's repository lives, from the location annotations the catalog sets
 * (`backstage.io/source-location`, else `backstage.io/managed-by-location`; the first one it
 * recognises): the clone URL, and
 * whether it is MX's local git host (whose pushes take a Backstage token as the password).
 */
/** The plugin id of MX's local git host (mx-git-host-backend): its routes live under `/api/mx-git-host`. */
export const LOCAL_GIT_HOST_PLUGIN_ID = 'mx-git-host';

const SOURCE_LOCATION = 'backstage.io/source-location';
const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** The catalog annotation that says where a project's repository lives. */
export interface ProjectLocation {
  annotation: typeof SOURCE_LOCATION | typeof MANAGED_BY_LOCATION;
  /** The annotation's value as the catalog set it (`url:https://…`). */
  value: string;
  /** The URL without its `url:` prefix; undefined when the value is not a `url:` location. */
  url?: string;
  /** A source location names the repository folder; a managed-by location its catalog-info.yaml. */
  names: 'folder' | 'file';
}

/**
 * Where a project's repository lives, the one rule every reader follows: the
 * `backstage.io/source-location` annotation when set, else `backstage.io/managed-by-location`
 * (what the local git host and other hosts without an SCM integration give).
 */
export function projectLocation(
  annotations: Record<string, string> | undefined,
): ProjectLocation | undefined {
  const source = annotations?.[SOURCE_LOCATION];
  const annotation = source ? SOURCE_LOCATION : MANAGED_BY_LOCATION;
  const value = annotations?.[annotation];
  if (!value) return undefined;
  return {
    annotation,
    value,
    url: value.startsWith('url:') ? value.slice(4) : undefined,
    names: source ? 'folder' : 'file',
  };
}

export interface ProjectRepository {
  cloneUrl: string;
  localGitHost: boolean;
}

const LOCAL =
  /^(https?:\/\/.+\/api\/mx-git-host)\/repos\/([a-z0-9-]+)(?:\.git|\/(?:tree|blob)\/.*)?\/?$/;
const GITHUB =
  /^(https:\/\/github\.com\/[^/]+\/[^/]+?)(?:\.git)?(?:\/(?:tree|blob)\/.*)?\/?$/;

export function projectRepository(
  annotations: Record<string, string> | undefined,
): ProjectRepository | undefined {
  for (const key of [SOURCE_LOCATION, MANAGED_BY_LOCATION]) {
    const url = annotations?.[key]?.replace(/^url:/, '');
    if (!url) continue;
    const local = LOCAL.exec(url);
    if (local) {
      return {
        cloneUrl: `${local[1]}/repos/${local[2]}.git`,
        localGitHost: true,
      };
    }
    const github = GITHUB.exec(url);
    if (github) return { cloneUrl: `${github[1]}.git`, localGitHost: false };
  }
  return undefined;
}
