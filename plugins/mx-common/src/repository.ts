/**
 * Where a project's repository lives, from the location annotations the catalog sets
 * (`backstage.io/source-location`, else `backstage.io/managed-by-location`; the first one it
 * recognises): the clone URL, and
 * whether it is MX's local git host (whose pushes take a Backstage token as the password).
 */
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
  for (const key of [
    'backstage.io/source-location',
    'backstage.io/managed-by-location',
  ]) {
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
