import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  installHint,
  missingModules,
  uninstalledDebianModule,
} from '../lib/debianPython';
import { run } from '../lib/exec';
import {
  installedPackageDirs,
  writeConsoleScripts,
} from '../lib/pythonProject';
import type { Tree } from '../lib/tree';
import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';

/*
 * `sphinx-build -W -b html` on every Sphinx source folder of the tree (a folder with a conf.py),
 * as `make docs` and the docs CI build run it, with Debian's Sphinx (python3-sphinx) and themes
 * (python3-sphinx-rtd-theme). `--keep-going` reports every warning instead of the first.
 * The project is importable as after `pip install -r docs/requirements.txt` (its package folders
 * on PYTHONPATH) for autodoc. The HTML goes to a temporary folder.
 */

const TIMEOUT_MS = 180_000;
const MAX_WARNINGS = 8;

/** Folders of the tree holding a Sphinx conf.py (not the kit's base copies, not build output). */
export function sphinxSourceDirs(tree: Tree): string[] {
  return [...tree.keys()]
    .filter(
      f =>
        path.posix.basename(f) === 'conf.py' &&
        !f.startsWith('.mx/') &&
        !f.split('/').includes('_build'),
    )
    .map(f => path.posix.dirname(f))
    .sort();
}

/**
 * Sphinx's warnings and errors (`file:line: WARNING: ...`), one line each, without the
 * temporary folder's path; else (an error that stopped the build) the end of its output.
 */
function findings(output: string, workDir: string): string[] {
  const lines = output
    .split('\n')
    .map(l => l.split(`${workDir}/`).join('').trim())
    .filter(Boolean);
  const located = lines.filter(l =>
    /: (WARNING|ERROR|CRITICAL|SEVERE):/.test(l),
  );
  return located.length ? located : lines.slice(-6);
}

export const sphinxCheck: TreeCheck = {
  name: 'sphinx-build -W',
  async run(tree, ctx): Promise<FileCheck[]> {
    const dirs = sphinxSourceDirs(tree);
    if (dirs.length === 0) return [];
    const validator = "sphinx-build -W -b html (Debian's python3-sphinx)";
    const missing = await missingModules(['sphinx']);
    if (missing.size > 0) {
      return dirs.map(d => ({
        file: `${d}/`,
        validator,
        status: 'n/a',
        message: installHint(missing),
      }));
    }
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-sphinx-'));
    try {
      const bin = path.join(scratch, 'bin');
      await writeConsoleScripts(bin);
      const env: NodeJS.ProcessEnv = {
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        PYTHONPATH: installedPackageDirs(tree)
          .map(d => path.join(ctx.workDir, d))
          .join(path.delimiter),
        PYTHONDONTWRITEBYTECODE: '1',
      };
      const rows: FileCheck[] = [];
      for (const [i, dir] of dirs.entries()) {
        const out = path.join(scratch, `out-${i}`);
        const r = await run(
          'sphinx-build',
          [
            '-W',
            '--keep-going',
            '-q',
            '-b',
            'html',
            '-d',
            path.join(out, 'doctrees'),
            dir,
            path.join(out, 'html'),
          ],
          { cwd: ctx.workDir, env, timeoutMs: TIMEOUT_MS },
        );
        const file = `${dir}/`;
        if (r.code === 0) {
          rows.push({ file, validator, status: 'pass' });
          continue;
        }
        const output = `${r.stderr}\n${r.stdout}`;
        const module = await uninstalledDebianModule(output);
        if (module) {
          rows.push({
            file,
            validator,
            status: 'n/a',
            message: installHint([module]),
          });
          continue;
        }
        const shown = findings(output, ctx.workDir);
        rows.push({
          file,
          validator,
          status: 'fail',
          message: [
            ...shown.slice(0, MAX_WARNINGS),
            ...(shown.length > MAX_WARNINGS
              ? [`... ${shown.length - MAX_WARNINGS} more`]
              : []),
          ].join(' | '),
        });
      }
      return rows;
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  },
};
