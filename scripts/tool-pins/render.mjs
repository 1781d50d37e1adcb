// Pure text functions: the generated Dockerfile ARG block and docs table, the markers around
// them, and the minimum versions in force.
import {
  BLOCK_BEGIN,
  BLOCK_END,
  DOCS_BEGIN,
  DOCS_END,
  argName,
  compareVersions,
} from './files.mjs';

/** The Dockerfile's generated ARG block for these pins. */
export function renderArgBlock(pins) {
  const lines = [BLOCK_BEGIN];
  for (const [tool, pin] of Object.entries(pins.tools)) {
    lines.push(`ARG ${argName(tool, 'VERSION')}=${pin.version}`);
    lines.push(`ARG ${argName(tool, 'URL')}=${pin.url}`);
    lines.push(
      `ARG ${argName(tool, 'SHA256')}=${pin.sha256 || 'MISSING-CHECKSUM'}`,
    );
  }
  lines.push(BLOCK_END);
  return lines.join('\n');
}

/** The docs table for these pins and the minimum versions in force. */
export function renderDocsTable(pins, minimums) {
  const rows = [
    '| Tool | Version | Minimum (mx.tools / built-in) | Installed at | Download | sha256 |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [tool, pin] of Object.entries(pins.tools)) {
    rows.push(
      `| ${tool} | ${pin.version} | ${minimums[tool] ?? '—'} | \`${
        pin.installPath
      }\` | ${pin.url} | \`${pin.sha256 || 'MISSING'}\` |`,
    );
  }
  return [DOCS_BEGIN, ...rows, DOCS_END].join('\n');
}

/** The text from `begin` to `end` (markers included), or '' without them. */
export function between(text, begin, end) {
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  return i < 0 || j < i ? '' : text.slice(i, j + end.length);
}

/** A Markdown table without its formatting (cell padding, separator widths, blank lines), as
 * prettier re-aligns it. */
export function normalizeTable(block) {
  return block
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .map(l =>
      l.startsWith('|')
        ? l
            .split('|')
            .map(c => c.trim().replace(/^-+$/, '-'))
            .join('|')
        : l,
    )
    .join('\n');
}

export function replaceBetween(text, begin, end, replacement, file) {
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i)
    throw new Error(`${file}: markers "${begin}" ... "${end}" not found`);
  return text.slice(0, i) + replacement + text.slice(j + end.length);
}

/** Built-in minimums of the actions (DEFAULT_MIN_VERSIONS in runner.ts). */
export function builtInMinimums(runnerSource) {
  const block = runnerSource.match(/DEFAULT_MIN_VERSIONS[^{]*\{([^}]*)\}/);
  if (!block) return undefined;
  return Object.fromEntries(
    [...block[1].matchAll(/(\w+)\s*:\s*'([\d.]+)'/g)].map(m => [m[1], m[2]]),
  );
}

/** Minimums in force: the larger of the built-in and the production config's, per tool. */
export function effectiveMinimums(builtIn, prodTools) {
  const out = { ...builtIn };
  for (const [tool, cfg] of Object.entries(prodTools ?? {})) {
    if (
      cfg?.minVersion &&
      (!out[tool] || compareVersions(cfg.minVersion, out[tool]) > 0)
    ) {
      out[tool] = String(cfg.minVersion);
    }
  }
  return out;
}
