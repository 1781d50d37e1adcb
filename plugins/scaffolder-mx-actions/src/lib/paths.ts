import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * `resolveSafeChildPath` with a user-facing error: a path input that points outside its base
 * (`../`, an absolute path, a symlink out) is a mistake in the template or its answers.
 */
export function safeChildPath(base: string, p: string, inputName: string) {
  if (p.includes('\0') || /[\r\n]/.test(p)) {
    throw new InputError(`${inputName} must be a plain relative path`);
  }
  try {
    return resolveSafeChildPath(base, p);
  } catch {
    throw new InputError(
      `${inputName} '${p}' points outside the workspace; use a path relative to the repository`,
    );
  }
}
