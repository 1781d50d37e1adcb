/* The three-way merges of a managed file the user edited: structural (YAML, JSON) or line by line. */
import { FileRecord } from '../state/schema';
import { mergeThreeWay } from './merge';
import { sha256Hex } from './sha256';
import { mergeStructured } from './structural';
import { FileReconcileDecision, FileReconcileInput } from './reconcileTypes';

export function decideStructural(
  input: FileReconcileInput,
  result: Extract<ReturnType<typeof mergeStructured>, { ok: true }>,
  editedText: string,
  newBase: FileReconcileDecision['base'],
): FileReconcileDecision {
  const { path, rendered, record } = input;
  const structural = {
    applied: result.applied,
    kept: result.kept,
    conflicts: result.conflicts,
  };
  const write =
    result.text === editedText
      ? undefined
      : new TextEncoder().encode(result.text);
  const name = result.format === 'json' ? 'JSON' : 'YAML';
  if (result.conflicts.length > 0) {
    const n = result.conflicts.length;
    // The record and the base copy stay as they were (the state records the last clean merge):
    // the next run reports the same conflict until the user takes MX's value (or changes the
    // answer that renders it).
    return {
      path,
      action: 'conflict',
      reason: `${n} value${n === 1 ? '' : 's'} you changed ${
        n === 1 ? 'was' : 'were'
      } also changed by the new render: yours kept (listed below)${
        write
          ? `; the rest of the render was merged into your file ${name} key by key`
          : ''
      }`,
      write,
      record,
      base: 'keep',
      merge: 'structural',
      structural,
    };
  }
  const managedRecord: FileRecord = {
    mode: 'managed',
    sha256: sha256Hex(rendered!),
    merge: 'structural',
  };
  if (!write) {
    return {
      path,
      action: 'unchanged',
      reason: 'your edits are kept; the new render adds nothing to them',
      record: managedRecord,
      base: newBase,
      merge: 'structural',
      structural,
    };
  }
  return {
    path,
    action: 'merge',
    reason: `your edits and the new render were merged ${name} key by key`,
    write,
    record: managedRecord,
    base: newBase,
    merge: 'structural',
    structural,
  };
}

export function decideLine(
  input: FileReconcileInput,
  baseText: string,
  renderText: string,
  editedText: string,
  newBase: FileReconcileDecision['base'],
  options: { because?: string },
): FileReconcileDecision {
  const { path, rendered, record } = input;
  const note = options.because ? ` (${options.because})` : '';
  const merged = mergeThreeWay({
    base: baseText,
    render: renderText,
    edited: editedText,
  });
  if (!merged.clean) {
    return {
      path,
      action: 'conflict',
      reason: `your edits and the new render change the same lines (${
        merged.conflicts
      } conflicting region${
        merged.conflicts === 1 ? '' : 's'
      }); left as you had it — apply the new render's changes by hand, then run the generator again${note}`,
      record,
      base: 'keep',
      conflictText: merged.text,
      merge: 'line',
      lineMergeBecause: options.because,
    };
  }
  const managedRecord: FileRecord = {
    mode: 'managed',
    sha256: sha256Hex(rendered!),
    merge: 'line',
  };
  if (merged.text === editedText) {
    return {
      path,
      action: 'unchanged',
      reason: `your edits are kept; the new render adds nothing to them${note}`,
      record: managedRecord,
      base: newBase,
      merge: 'line',
      lineMergeBecause: options.because,
    };
  }
  return {
    path,
    action: 'merge',
    reason: `your edits and the new render were merged line by line${note}`,
    write: new TextEncoder().encode(merged.text),
    record: managedRecord,
    base: newBase,
    merge: 'line',
    lineMergeBecause: options.because,
  };
}
