/**
 * Matches repository paths against simple globs: `*` (any characters but `/`), `**` (any number of
 * path segments), `?` (one character but `/`). A glob without a slash that names a folder
 * (`infrastructure/**`) or a file (`devspace.yaml`) matches from the repository root.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/** True when `path` matches any of `globs`. */
export function matchesAnyGlob(
  path: string,
  globs: readonly string[],
): boolean {
  return globs.some(g => globToRegExp(g).test(path));
}
