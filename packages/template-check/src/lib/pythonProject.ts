import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { findRepoRoot } from './paths';
import { debianPython } from './debianPython';
import type { Tree } from './tree';

/**
 * Console scripts (`pytest`, `sphinx-build`, and `python`/`python3` themselves) for Debian's
 * Python, in a fresh folder to put first on PATH. Each script is what pip writes for a console
 * entry point: a file with a `#!<python>` line, so Python puts the script's folder (not the
 * current folder) first on sys.path, exactly as an installed `pytest` does.
 */
export async function writeConsoleScripts(dir: string): Promise<void> {
  const python = debianPython();
  await fs.mkdir(dir, { recursive: true });
  const scripts: Record<string, [string, string]> = {
    pytest: ['pytest', 'console_main'],
    'py.test': ['pytest', 'console_main'],
    'sphinx-build': ['sphinx.cmd.build', 'main'],
  };
  for (const [name, [module, func]] of Object.entries(scripts)) {
    const file = path.join(dir, name);
    await fs.writeFile(
      file,
      `#!${python}\nimport sys\nfrom ${module} import ${func}\nsys.exit(${func}())\n`,
      { mode: 0o755 },
    );
  }
  for (const name of ['python', 'python3']) {
    await fs.symlink(python, path.join(dir, name));
  }
}

/**
 * The folders the project's packages are installed from (`pip install -e .`): the `where`
 * folders of `[tool.setuptools.packages.find]` in the root pyproject.toml, relative to the
 * tree. The project root itself is never listed: an installed project does not put it on
 * sys.path (a test that imports a root-level module needs pytest's own `pythonpath`).
 */
export function installedPackageDirs(tree: Tree): string[] {
  const pyproject = tree.get('pyproject.toml');
  if (!pyproject) return [];
  try {
    const toml = parseToml(pyproject.toString('utf8')) as Record<string, any>;
    const where = toml.tool?.setuptools?.packages?.find?.where;
    if (!Array.isArray(where)) return [];
    return where
      .map(w => path.posix.normalize(String(w)))
      .filter(w => w !== '.' && !w.startsWith('..'));
  } catch {
    return [];
  }
}

/**
 * The kit's stand-ins (standins/README.md): `bin/` (mlflow, docker, gcloud commands) and
 * `python/` (the hydra and mlflow packages they and the checks put on PYTHONPATH).
 */
export const STANDINS_DIR = path.join(
  findRepoRoot(),
  'packages',
  'template-check',
  'standins',
);

/**
 * Stand-ins for Python libraries a generated project imports but that cannot be installed
 * here (hydra-core, mlflow: no PyPI), so the project's code and tests can run. They are
 * stand-ins, not the libraries: see standins/README.md.
 */
export function pythonStandInsDir(): string {
  return path.join(STANDINS_DIR, 'python');
}
