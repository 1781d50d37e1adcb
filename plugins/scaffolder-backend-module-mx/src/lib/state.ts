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
import { safeChildPath } from './paths';

/** `.mx/state.yaml` of a repository folder in the workspace, as read by every mx action. */
export interface StateFile {
  /** The file on disk. */
  file: string;
  /** How messages name it: `<targetPath>/.mx/state.yaml`. */
  displayName: string;
  /** The file's text; undefined when the file does not exist. */
  text?: string;
  /** The validated state; undefined when the file does not exist. */
  state?: ProjectState;
}

/**
 * The one reader of a project's state: reads and validates `.mx/state.yaml` of the repository at
 * `repoDir` (`displayDir` is how messages name that folder). An absent file is no error here;
 * an invalid one throws mx-common's `StateFileError`.
 */
export async function readStateFile(
  repoDir: string,
  displayDir: string,
): Promise<StateFile> {
  const file = safeChildPath(repoDir, STATE_FILE_PATH, 'targetPath');
  const displayName = path.posix.join(displayDir, STATE_FILE_PATH);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return { file, displayName };
    }
    throw e;
  }
  return { file, displayName, text, state: parseState(text, displayName) };
}

/**
 * The state when there is one: an invalid file is the user's to fix (InputError, with `invalidHint`
 * appended to the validation message).
 */
export async function readOptionalProjectState(
  repoDir: string,
  displayDir: string,
  options: { invalidHint?: string } = {},
): Promise<StateFile> {
  try {
    return await readStateFile(repoDir, displayDir);
  } catch (e) {
    if (e instanceof StateFileError) {
      throw new InputError(`${e.message}${options.invalidHint ?? ''}`);
    }
    throw e;
  }
}

/**
 * Reads and validates `.mx/state.yaml` of the repository at `repoDir`; InputError when absent
 * (`missingHint` says what to do) or invalid.
 */
export async function readProjectState(
  repoDir: string,
  displayDir: string,
  options: { missingHint?: string } = {},
): Promise<StateFile & { state: ProjectState; text: string }> {
  const read = await readOptionalProjectState(repoDir, displayDir);
  if (!read.state || read.text === undefined) {
    throw new InputError(
      `${read.displayName} was not found: ${
        options.missingHint ??
        'this step needs an MX project (created by the ml-project template) checked out in the workspace'
      }`,
    );
  }
  return { ...read, state: read.state, text: read.text };
}

/** Validates and writes a state in its canonical form. */
export async function writeProjectState(file: string, state: ProjectState) {
  const valid = projectStateSchema.parse(state);
  await fs.writeFile(file, serializeState(valid), 'utf8');
}
