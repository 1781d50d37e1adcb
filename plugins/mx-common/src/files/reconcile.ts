import { FileRecord } from '../state/schema';
import { sha256Hex } from './sha256';
import { mergeStructured, structuredFormatOf } from './structural';
import { decideLine, decideStructural } from './reconcileMerge';
import { FileReconcileDecision, FileReconcileInput } from './reconcileTypes';

/** Where MX keeps its last render of each managed file, relative to the repository root. */
export const BASE_DIR = '.mx/base';

/** The path of a managed file's base copy (our last render), relative to the repository root. */
export function basePathOf(path: string): string {
  return `${BASE_DIR}/${path}`;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** UTF-8 text, or undefined for binary content (NUL bytes or invalid UTF-8). */
function asText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decideRemoval(input: FileReconcileInput): FileReconcileDecision {
  const { path, generator, current, record } = input;
  if (!record) {
    return current === undefined
      ? { path, action: 'unchanged', reason: 'already removed', base: 'keep' }
      : {
          path,
          action: 'skip',
          reason: `not recorded as rendered by MX; left in place (remove it yourself if ${generator} no longer needs it)`,
          base: 'keep',
        };
  }
  if (current === undefined) {
    return {
      path,
      action: 'remove',
      reason: 'no longer rendered (the file was already deleted)',
      base: 'delete',
    };
  }
  if (sha256Hex(current) === record.sha256) {
    return {
      path,
      action: 'remove',
      reason: `no longer rendered by ${generator}`,
      delete: true,
      base: 'delete',
    };
  }
  return {
    path,
    action: 'keep',
    reason: `no longer rendered by ${generator}, but edited since MX rendered it: left in place, now yours (delete it yourself if it is not needed)`,
    base: 'delete',
  };
}

/**
 * Decides what one generator run does to one file. Pure: the caller reads the files and applies
 * the decision (write the file, the base copy under `.mx/base/`, and the record into
 * `state.files`).
 */
export function reconcileFile(
  input: FileReconcileInput,
): FileReconcileDecision {
  const { path, mode, rendered, current, record, base } = input;
  if (rendered === undefined) return decideRemoval(input);
  const renderHash = sha256Hex(rendered);

  if (mode === 'seeded') {
    const seededRecord: FileRecord = {
      mode: 'seeded',
      sha256: renderHash,
    };
    if (current === undefined) {
      if (record) {
        return {
          path,
          action: 'skip',
          reason:
            'seeded file deleted after MX created it; seeded files are yours, so it stays deleted',
          record,
          base: 'keep',
        };
      }
      return {
        path,
        action: 'create',
        reason: 'seeded: created once, yours from now on',
        write: rendered,
        record: seededRecord,
        base: 'keep',
      };
    }
    if (bytesEqual(current, rendered)) {
      return {
        path,
        action: 'unchanged',
        reason: 'seeded: already as rendered',
        record: record ?? seededRecord,
        base: 'keep',
      };
    }
    return {
      path,
      action: 'skip',
      reason: 'seeded: it exists and is yours, so it is not overwritten',
      record,
      base: 'keep',
    };
  }

  const managedRecord: FileRecord = {
    mode: 'managed',
    sha256: renderHash,
  };
  const newBase: FileReconcileDecision['base'] =
    base && bytesEqual(base, rendered) ? 'keep' : { write: rendered };

  if (current === undefined) {
    if (record) {
      return {
        path,
        action: 'skip',
        reason:
          'managed file deleted in the repository; your deletion is kept (delete its record in .mx/state.yaml to get it back)',
        record,
        base: 'keep',
      };
    }
    return {
      path,
      action: 'create',
      reason: 'managed: created',
      write: rendered,
      record: managedRecord,
      base: { write: rendered },
    };
  }

  if (bytesEqual(current, rendered)) {
    return {
      path,
      action: 'unchanged',
      reason: 'already as rendered',
      record: managedRecord,
      base: newBase,
    };
  }
  if (!record) {
    return {
      path,
      action: 'conflict',
      reason:
        'exists but MX never rendered it, so there is no base to merge from; left as it is — compare it with the new render and adopt what you need',
      base: 'keep',
    };
  }
  const currentHash = sha256Hex(current);
  if (currentHash === record.sha256) {
    return {
      path,
      action: 'overwrite',
      reason: 'managed and not edited since MX last rendered it: updated',
      write: rendered,
      record: managedRecord,
      base: newBase,
    };
  }

  // Edited by the user since our last render.
  if (!base || sha256Hex(base) !== record.sha256) {
    return {
      path,
      action: 'conflict',
      reason: `edited since MX last rendered it, and the base copy (${basePathOf(
        path,
      )}) is missing or does not match the state, so the edits cannot be merged; left as you had it`,
      record,
      base: 'keep',
    };
  }
  const baseText = asText(base);
  const renderText = asText(rendered);
  const editedText = asText(current);
  if (
    baseText === undefined ||
    renderText === undefined ||
    editedText === undefined
  ) {
    return {
      path,
      action: 'conflict',
      reason:
        'binary file edited since MX last rendered it; it cannot be merged and was left as you had it',
      record,
      base: 'keep',
    };
  }
  const format = structuredFormatOf(path);
  if (format) {
    const structural = mergeStructured({
      path,
      base: baseText,
      render: renderText,
      edited: editedText,
    });
    if (structural.ok) {
      return decideStructural(input, structural, editedText, newBase);
    }
    return decideLine(input, baseText, renderText, editedText, newBase, {
      because: `${structural.reason}; merged line by line instead`,
    });
  }
  return decideLine(input, baseText, renderText, editedText, newBase, {});
}

/** The state's `files` after a run: records set or removed as the decisions say. */
export function applyFileRecords(
  files: Record<string, FileRecord>,
  decisions: FileReconcileDecision[],
): Record<string, FileRecord> {
  const out = { ...files };
  for (const d of decisions) {
    if (d.record) out[d.path] = d.record;
    else delete out[d.path];
  }
  return out;
}
