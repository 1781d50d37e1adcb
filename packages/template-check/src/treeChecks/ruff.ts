import type { FileCheck } from '../validators';
import {
  configFor,
  isIgnored,
  isPythonFile,
  perFileIgnores,
  RuffConfig,
  workspaceOptions,
} from './ruffConfig';
import { loadRuff, RuffWorkspace } from './ruffWasm';
import type { TreeCheck } from './types';

/*
 * `ruff check` and `ruff format --check` over every Python file of the tree, with the settings
 * the project gives ruff (`[tool.ruff]` of the closest pyproject.toml, or ruff.toml/.ruff.toml),
 * run by ruff's own WASM build (npm @astral-sh/ruff-wasm-nodejs): the same linter and formatter
 * as the `ruff` binary, in-process, no binary download.
 *
 * The WASM build lints source text without a path (upstream crates/ruff_wasm/src/lib.rs: every
 * file is `<filename>`, nothing is read from disk), so three things the binary derives from the
 * file's location are done here, as ruff does them:
 * - the closest configuration file (ruff_workspace/src/pyproject.rs `settings_toml`:
 *   `.ruff.toml`, then `ruff.toml`, then `pyproject.toml` with a `[tool.ruff]` table);
 * - `per-file-ignores` (ruff_linter/src/fs.rs `ignores_from_path`: the glob matches the path
 *   relative to the project root or the file's base name);
 * - isort's first-party modules (ruff_linter/src/rules/isort/categorize.rs `match_sources`: a
 *   module is first-party when `<src>/<name>/` or `<src>/<name>.py` exists, `src` defaulting to
 *   the project root and `<root>/src`; the user's `known-*` lists take precedence).
 * Not replayed: `exclude`/`extend-exclude` globs, `.gitignore`, `extend` (a config file
 * inheriting another: reported as not applicable).
 */

const MAX_FINDINGS = 8;

/** The first differing line of two texts (1-based). */
function firstDifferentLine(a: string, b: string): number {
  const al = a.split('\n');
  const bl = b.split('\n');
  const n = Math.max(al.length, bl.length);
  for (let i = 0; i < n; i++) if (al[i] !== bl[i]) return i + 1;
  return 0;
}

export const ruffCheck: TreeCheck = {
  name: 'ruff',
  async run(tree) {
    const files = [...tree.keys()].filter(isPythonFile);
    if (files.length === 0) return [];
    const ruff = loadRuff();
    if (ruff instanceof Error) {
      return files.map(file => ({
        file,
        validator: 'ruff (WASM)',
        status: 'n/a',
        message: `@astral-sh/ruff-wasm-nodejs cannot be loaded (${
          ruff.message.split('\n')[0]
        }): run yarn install`,
      }));
    }
    const validatorName = `ruff ${ruff.Workspace.version()} check + format --check`;
    const configs = new Map<string, RuffConfig | undefined>();
    const workspaces = new Map<RuffConfig, RuffWorkspace | Error>();
    const rows: FileCheck[] = [];
    for (const file of files) {
      const config = configFor(tree, file, configs);
      const validator = `${validatorName} (${
        config.file ?? "ruff's defaults"
      })`;
      if (config.error) {
        rows.push({ file, validator, status: 'fail', message: config.error });
        continue;
      }
      if (config.options.extend) {
        rows.push({
          file,
          validator,
          status: 'n/a',
          message: `${config.file} extends ${config.options.extend}: the kit does not follow 'extend'`,
        });
        continue;
      }
      let ws = workspaces.get(config);
      if (!ws) {
        try {
          ws = new ruff.Workspace(
            workspaceOptions(tree, config),
            ruff.PositionEncoding.Utf16,
          );
        } catch (e) {
          ws = new Error(
            `ruff rejects the settings in ${config.file}: ${String(
              (e as Error).message ?? e,
            )}`,
          );
        }
        workspaces.set(config, ws);
      }
      if (ws instanceof Error) {
        rows.push({ file, validator, status: 'fail', message: ws.message });
        continue;
      }
      const text = tree.get(file)!.toString('utf8');
      const ignored = perFileIgnores(config, file);
      const findings = ws
        .check(text)
        .filter(d => !isIgnored(d.code, ignored))
        .map(
          d =>
            `${d.start_location.row}:${d.start_location.column} ${
              d.code ?? 'syntax'
            } ${d.message}`,
        );
      try {
        const formatted = ws.format(text);
        if (formatted !== text) {
          findings.push(
            `ruff format --check: would reformat (first difference at line ${firstDifferentLine(
              text,
              formatted,
            )}; run \`ruff format\`)`,
          );
        }
      } catch (e) {
        findings.push(
          `ruff format: ${String((e as Error).message ?? e).split('\n')[0]}`,
        );
      }
      rows.push({
        file,
        validator,
        status: findings.length ? 'fail' : 'pass',
        message: findings.length
          ? [
              ...findings.slice(0, MAX_FINDINGS),
              ...(findings.length > MAX_FINDINGS
                ? [`... ${findings.length - MAX_FINDINGS} more`]
                : []),
            ].join(' | ')
          : undefined,
      });
    }
    return rows;
  },
};
