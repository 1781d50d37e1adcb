/* What a reconcile run reports: the lists by outcome and the markdown summary. */
import { StructuralChange } from './structural';
import { FileReconcileAction, FileReconcileDecision } from './reconcileTypes';

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
