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
  pythonStandInsDir,
  writeConsoleScripts,
} from '../lib/pythonProject';
import { Tree, writeTree } from '../lib/tree';
import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';

/*
 * The project's tests, run exactly as `make test` runs them: the kit runs `make test` itself in
 * a copy of the tree, with Debian's Python first on PATH (`python`, `python3`, and `pytest` /
 * `py.test` as pip's console scripts write them: a bare `pytest` does not put the project root
 * on sys.path, `python -m pytest` does — the difference `make test` and CI saw).
 *
 * The environment is that of a developer who ran `pip install -e ".[dev]"`: the project's
 * package folders (`[tool.setuptools.packages.find] where`) and the kit's stand-ins for the
 * libraries that cannot be installed here (hydra-core, mlflow: `standins/pytest-imports/`)
 * on PYTHONPATH.
 */

const TIMEOUT_MS = 180_000;
const OUTPUT_LINES = 12;

/** The recipe lines of a Makefile target (for the report), or undefined when it has none. */
export function makeTargetRecipe(
  makefile: string,
  target: string,
): string[] | undefined {
  const lines = makefile.split('\n');
  const head = new RegExp(`^${target}\\s*:(?!=)`);
  const start = lines.findIndex(l => head.test(l));
  if (start < 0) return undefined;
  const recipe: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('\t')) break;
    recipe.push(line.slice(1).trim());
  }
  return recipe;
}

function lastLines(output: string): string {
  return output
    .split('\n')
    .map(l => l.trimEnd())
    .filter(Boolean)
    .slice(-OUTPUT_LINES)
    .join(' ⏎ ');
}

export const pytestCheck: TreeCheck = {
  name: 'pytest (make test)',
  async run(tree: Tree): Promise<FileCheck[]> {
    const makefile = tree.get('Makefile')?.toString('utf8');
    const recipe = makefile && makeTargetRecipe(makefile, 'test');
    if (!recipe) return [];
    const validator = `make test (${recipe.join('; ')}) with Debian's Python`;
    const row = (status: FileCheck['status'], message?: string) => [
      { file: 'Makefile', validator, status, message },
    ];

    const missing = await missingModules(['pytest']);
    if (missing.size > 0) return row('n/a', installHint(missing));

    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-make-test-'));
    try {
      const project = path.join(scratch, 'project');
      const bin = path.join(scratch, 'bin');
      await writeTree(project, tree);
      await writeConsoleScripts(bin);
      const pythonPath = [
        ...installedPackageDirs(tree).map(d => path.join(project, d)),
        pythonStandInsDir(),
      ];
      const env: NodeJS.ProcessEnv = {
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        PYTHONPATH: pythonPath.join(path.delimiter),
        PYTHONDONTWRITEBYTECODE: '1',
        // the kit may itself run under make: the project's make starts fresh
        MAKEFLAGS: '',
        MAKELEVEL: '',
        MFLAGS: '',
      };
      const r = await run('make', ['test'], {
        cwd: project,
        env,
        timeoutMs: TIMEOUT_MS,
      });
      if (r.code === 0) return row('pass');
      if (r.code === 127 && /spawn make ENOENT/.test(r.stderr)) {
        return row('n/a', 'make is not installed (apt-get install -y make)');
      }
      const output = `${r.stdout}\n${r.stderr}`;
      // a library Debian packages but this machine lacks: not the project's fault
      const module = await uninstalledDebianModule(output);
      if (module) return row('n/a', installHint([module]));
      return row(
        'fail',
        `make test exited with ${r.code}: ${lastLines(output)}`,
      );
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  },
};
