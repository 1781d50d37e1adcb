import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { safeChildPath } from './paths';

// The file-system side of mx:files:reconcile: what a generator rendered, and the repository's files.

/** A file's bytes, or undefined when it does not exist. */
export async function readOptional(
  file: string,
): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') {
      throw new InputError(
        `'${file}' is a folder in the repository, but the generator renders a file there; rename one of them`,
      );
    }
    throw e;
  }
}

/** Every regular file below `root` as a forward-slash relative path; `.git` is never entered. */
export async function listRendered(
  root: string,
  onSkip: (p: string, why: string) => void,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await fs.readdir(
      rel ? safeChildPath(root, rel, 'rendered folder') : root,
      {
        withFileTypes: true,
      },
    );
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name === '.git') continue;
        await walk(p);
      } else if (e.isFile()) {
        out.push(p);
      } else {
        onSkip(p, 'not a regular file');
      }
    }
  };
  await walk('');
  return out.sort();
}

/** A repository-relative path from a template input, normalized; InputError if it escapes. */
export function cleanRepoPath(p: string, inputName: string): string {
  const clean = path.posix
    .normalize(p.replace(/\\/g, '/'))
    .replace(/^\.\//, '');
  if (
    !clean ||
    clean === '.' ||
    clean.startsWith('/') ||
    clean.split('/').includes('..')
  ) {
    throw new InputError(
      `${inputName} entry '${p}' is not a path inside the repository; use a relative path such as 'infrastructure/old.tf'`,
    );
  }
  return clean.replace(/\/+$/, '');
}

/** Removes the folders `file` leaves empty, up to (not including) `repoDir`. */
export async function removeEmptyParents(repoDir: string, file: string) {
  let dir = path.dirname(file);
  while (dir.startsWith(`${repoDir}${path.sep}`)) {
    try {
      await fs.rmdir(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}
