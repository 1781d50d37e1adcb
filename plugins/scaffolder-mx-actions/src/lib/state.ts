import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ProjectState,
  STATE_FILE_PATH,
  StateFileError,
  parseState,
  projectStateSchema,
  serializeState,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Reads and validates `.mx/state.yaml` of the repository at `repoDir`; InputError when absent or invalid. */
export async function readProjectState(
  repoDir: string,
  displayDir: string,
): Promise<{ state: ProjectState; file: string; displayName: string }> {
  const file = resolveSafeChildPath(repoDir, STATE_FILE_PATH);
  const displayName = path.posix.join(displayDir, STATE_FILE_PATH);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(
        `${displayName} was not found: this step needs an MX project (created by the ml-project template) checked out in the workspace`,
      );
    }
    throw e;
  }
  try {
    return { state: parseState(text, displayName), file, displayName };
  } catch (e) {
    if (e instanceof StateFileError) throw new InputError(e.message);
    throw e;
  }
}

/** Validates and writes a state in its canonical form. */
export async function writeProjectState(file: string, state: ProjectState) {
  const valid = projectStateSchema.parse(state);
  await fs.writeFile(file, serializeState(valid), 'utf8');
}
