import { CheckReport, ReportRow, isFailure } from './checks/types';

const RESULT: Record<string, string> = {
  pass: 'ok',
  fail: 'FAIL',
  'no validator': 'NO VALIDATOR',
  'n/a': 'n/a',
};

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** The kit's table: template, fixture, file, validator, result. */
export function formatTable(rows: ReportRow[]): string {
  const headers = ['TEMPLATE', 'FIXTURE', 'FILE', 'VALIDATOR', 'RESULT'];
  const cells = rows.map(r => [
    r.template,
    truncate(r.fixture, 48),
    truncate(r.file, 60),
    truncate(r.validator, 56),
    RESULT[r.status] ?? r.status,
  ]);
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...cells.map(c => c[i].length)),
  );
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(headers),
    line(widths.map(w => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}

/** The full report: the table, then every failure with its message and diff, then totals. */
export function formatReport(
  report: CheckReport,
  options: { maxDiffLines?: number } = {},
): string {
  const out: string[] = [formatTable(report.rows), ''];
  const notes = report.rows.filter(r => r.status === 'n/a' && r.message);
  if (notes.length > 0) {
    out.push('Not applicable:');
    for (const r of notes)
      out.push(`  ${r.template} ${r.fixture} ${r.file}: ${r.message}`);
    out.push('');
  }
  if (report.failures.length > 0) {
    out.push(`Failures (${report.failures.length}):`);
    for (const r of report.failures) {
      out.push(
        `- ${r.template} / ${r.fixture} / ${r.file} [${r.validator}] ${
          RESULT[r.status]
        }: ${r.message ?? ''}`,
      );
      if (r.diff) {
        const lines = r.diff.split('\n');
        const max = options.maxDiffLines ?? 200;
        out.push(
          ...lines.slice(0, max).map(l => `    ${l}`),
          ...(lines.length > max
            ? [`    ... ${lines.length - max} more diff lines`]
            : []),
        );
      }
    }
    out.push('');
  }
  const counted = report.rows.filter(r => r.status !== 'n/a');
  out.push(
    `${counted.length - report.failures.length}/${
      counted.length
    } checks passed, ${report.failures.length} failed, ${
      report.rows.length - counted.length
    } not applicable`,
  );
  out.push(`Total run time: ${(report.durationMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

export { isFailure };
