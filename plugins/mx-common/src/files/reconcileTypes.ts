import { FileRecord } from '../state/schema';
import { StructuralChange, StructuralConflict } from './structural';

export type FileMode = FileRecord['mode'];

/** Everything known about one file when a generator runs again. */
export interface FileReconcileInput {
  /** Repository-relative path with forward slashes. */
  path: string;
  /** The generator rendering (or removing) the file. */
  generator: string;
  /** How the generator treats the file now. */
  mode: FileMode;
  /** The new render; absent when the generator asks to remove a file it no longer renders. */
  rendered?: Uint8Array;
  /** The file in the repository, if present. */
  current?: Uint8Array;
  /** The state's record of the file, if any. */
  record?: FileRecord;
  /** The base copy kept under `.mx/base/<path>`, if any. */
  base?: Uint8Array;
}

/**
 * - `create`: the file was absent; written.
 * - `overwrite`: managed and untouched since our last render; replaced by the new render.
 * - `merge`: managed and edited by the user; both changes combined by a clean three-way merge.
 * - `conflict`: managed and edited where the new render also changed (or no base to merge from);
 *   the user's file is left as it is.
 * - `skip`: the user owns the file (seeded and present, deleted by the user, or never rendered
 *   by MX); left as it is.
 * - `unchanged`: the repository already has what we render.
 * - `remove`: no longer rendered and untouched since our last render; deleted.
 * - `keep`: no longer rendered but edited by the user; left in place and no longer recorded.
 */
export type FileReconcileAction =
  | 'create'
  | 'overwrite'
  | 'merge'
  | 'conflict'
  | 'skip'
  | 'unchanged'
  | 'remove'
  | 'keep';

export interface FileReconcileDecision {
  path: string;
  action: FileReconcileAction;
  /** One sentence for the task log and the pull request text. */
  reason: string;
  /** New content of the file (create, overwrite, merge). */
  write?: Uint8Array;
  /** Delete the file (remove). */
  delete?: boolean;
  /** The state's record after this run; undefined removes the record. */
  record?: FileRecord;
  /** What happens to `.mx/base/<path>`. */
  base: { write: Uint8Array } | 'delete' | 'keep';
  /** For line-merge conflicts: the merge with conflict markers, for the report only (never written). */
  conflictText?: string;
  /** Which three-way merge ran, when the user's edits were merged with the render. */
  merge?: 'structural' | 'line';
  /** What the structural merge did, path by path (YAML and JSON files). */
  structural?: {
    applied: StructuralChange[];
    kept: StructuralChange[];
    conflicts: StructuralConflict[];
  };
  /** Why a YAML or JSON file was merged line by line instead (e.g. it is not valid YAML any more). */
  lineMergeBecause?: string;
}
