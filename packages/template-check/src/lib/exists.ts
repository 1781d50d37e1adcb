import fs from 'node:fs/promises';

/** Whether a file or folder exists. */
export async function exists(p: string): Promise<boolean> {
  return fs
    .stat(p)
    .then(() => true)
    .catch(() => false);
}
