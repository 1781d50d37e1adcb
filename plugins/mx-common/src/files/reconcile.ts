import { FileRecord } from '../state/schema';
import { mergeThreeWay } from './merge';
import { sha256Hex } from './sha256';
import {
  StructuralChange,
  StructuralConflict,
  mergeStructured,
  structuredFormatOf,
} from './structural';

/** Where MX keeps its last render of each managed file, relative to the repository root. */
export const BASE_DIR = '.mx/base';

/** The path of a managed file's base copy (our last render), relative to the repository root. */
export function basePathOf(path: string): string {
  return `${BASE_DIR}/${path}`;
}

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

function decideStructural(
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

function decideLine(
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

/** The lists a run reports, by what happened to each file. */
export interface FileReconcileReport {
  created: string[];
  updated: string[];
  merged: string[];
  conflicts: string[];
  removed: string[];
  unchanged: string[];
  skipped: string[];
  kept: string[];
}

export function reportOf(
  decisions: FileReconcileDecision[],
): FileReconcileReport {
  const report: FileReconcileReport = {
    created: [],
    updated: [],
    merged: [],
    conflicts: [],
    removed: [],
    unchanged: [],
    skipped: [],
    kept: [],
  };
  const key: Record<FileReconcileAction, keyof FileReconcileReport> = {
    create: 'created',
    overwrite: 'updated',
    merge: 'merged',
    conflict: 'conflicts',
    remove: 'removed',
    unchanged: 'unchanged',
    skip: 'skipped',
    keep: 'kept',
  };
  const byPath = (a: FileReconcileDecision, b: FileReconcileDecision) => {
    if (a.path === b.path) return 0;
    return a.path < b.path ? -1 : 1;
  };
  for (const d of [...decisions].sort(byPath)) {
    report[key[d.action]].push(d.path);
  }
  return report;
}

const CONFLICT_PREVIEW_LIMIT = 4000;
const VALUE_PREVIEW_LIMIT = 120;

/** A value for the report: inline code, shortened; `(absent)` for a missing key. */
export function formatReportValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  let text =
    typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  text = text.replace(/\n/g, '⏎');
  if (text.length > VALUE_PREVIEW_LIMIT) {
    text = `${text.slice(0, VALUE_PREVIEW_LIMIT)}…`;
  }
  return `\`${text.replace(/`/g, "'")}\``;
}

function changeList(
  changes: StructuralChange[],
  verb: StructuralChange['change'],
) {
  const paths = changes
    .filter(c => c.change === verb)
    .map(c => `\`${c.path}\``);
  return paths.length ? `${verb} ${paths.join(', ')}` : '';
}

/** One line on what a structural merge took from the render and kept of the user's edits. */
function structuralDetails(d: FileReconcileDecision): string {
  const s = d.structural;
  if (!s) return '';
  const parts: string[] = [];
  const fromMx = (['added', 'changed', 'removed'] as const)
    .map(v => changeList(s.applied, v))
    .filter(Boolean)
    .join('; ');
  if (fromMx) parts.push(`MX ${fromMx}`);
  if (s.kept.length) {
    parts.push(
      `your edits kept: ${s.kept
        .map(c => `\`${c.path}\` (${c.change})`)
        .join(', ')}`,
    );
  }
  return parts.length ? `\n  - ${parts.join('\n  - ')}` : '';
}

function conflictDetails(d: FileReconcileDecision): string {
  return (d.structural?.conflicts ?? [])
    .map(
      c =>
        `\n  - \`${c.path}\`: kept yours ${formatReportValue(
          c.yours,
        )}; MX wanted ${formatReportValue(c.mx)} (${c.reason})`,
    )
    .join('');
}

/** Markdown for the task output and a pull request body. */
export function summarizeReconcile(
  generator: string,
  decisions: FileReconcileDecision[],
): string {
  const report = reportOf(decisions);
  const byPath = new Map(decisions.map(d => [d.path, d]));
  const section = (
    title: string,
    paths: string[],
    details: (d: FileReconcileDecision) => string,
  ) =>
    paths.length === 0
      ? ''
      : `\n### ${title} (${paths.length})\n${paths
          .map(p => `- \`${p}\`${details(byPath.get(p)!)}`)
          .join('\n')}\n`;
  const reason = (d: FileReconcileDecision) => ` — ${d.reason}`;
  const none = () => '';
  const changed =
    report.created.length +
    report.updated.length +
    report.merged.length +
    report.removed.length;
  let md = `## Generator \`${generator}\`\n\n`;
  md +=
    changed === 0 && report.conflicts.length === 0
      ? 'No file changes: the repository already matches this render.\n'
      : `${changed} file${changed === 1 ? '' : 's'} changed${
          report.conflicts.length
            ? `, **${report.conflicts.length} conflict${
                report.conflicts.length === 1 ? '' : 's'
              } left for you to resolve**`
            : ''
        }.\n`;
  md += section(
    'Conflicts — your values kept',
    report.conflicts,
    d => `${reason(d)}${conflictDetails(d)}${structuralDetails(d)}`,
  );
  for (const p of report.conflicts) {
    const text = byPath.get(p)!.conflictText;
    if (text) {
      const preview =
        text.length > CONFLICT_PREVIEW_LIMIT
          ? `${text.slice(0, CONFLICT_PREVIEW_LIMIT)}\n… (truncated)`
          : text;
      md += `\n<details><summary>${p}: how the merge would look</summary>\n\n\`\`\`\n${preview.replace(
        /\`\`\`/g,
        '`\u200b``',
      )}\n\`\`\`\n</details>\n`;
    }
  }
  md += section('Created', report.created, none);
  md += section('Updated', report.updated, none);
  md += section('Merged with your edits', report.merged, d =>
    d.merge === 'structural'
      ? `${reason(d)}${structuralDetails(d)}`
      : reason(d),
  );
  md += section('Removed', report.removed, none);
  md += section(
    'Kept (no longer rendered, edited by you)',
    report.kept,
    reason,
  );
  md += section('Skipped (yours)', report.skipped, reason);
  if (report.unchanged.length) {
    md += `\n${report.unchanged.length} file${
      report.unchanged.length === 1 ? '' : 's'
    } unchanged.\n`;
  }
  return md;
}
