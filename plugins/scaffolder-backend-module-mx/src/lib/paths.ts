import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * The one way the mx actions turn a path they were given (an action input, a repository path
 * from a state or a rendered tree) into a file path: Backstage's `resolveSafeChildPath` with a
 * user-facing error. A path that points outside its base (`../`, an absolute path, a symlink
 * out) is a mistake in the template or its answers. The package's lint rule forbids bare
 * `path.resolve`/`path.join` on such input; use this instead.
 */
export function safeChildPath(
  base: string,
  p: string,
  inputName: string,
  hint = 'use a path relative to the repository',
) {
  if (p.includes('\0') || /[\r\n]/.test(p)) {
    throw new InputError(`${inputName} must be a plain relative path`);
  }
  try {
    return resolveSafeChildPath(base, p);
  } catch {
    throw new InputError(
      `${inputName} '${p}' points outside the workspace; ${hint}`,
    );
  }
}

/**
 * The project repository an action works on: its `targetPath` input inside the workspace (the
 * workspace itself when absent).
 */
export function workspaceRepoDir(
  workspacePath: string,
  targetPath: string | undefined,
) {
  return safeChildPath(workspacePath, targetPath ?? '.', 'targetPath');
}
