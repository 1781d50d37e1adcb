import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Tree } from '../lib/tree';

// What the ruff binary derives from a file's location (see ruff.ts): the files it lints, the
// closest configuration, first-party modules and per-file-ignores.

/** Folders ruff never lints (ruff_workspace/src/settings.rs `EXCLUDE`). */
const DEFAULT_EXCLUDES = new Set([
  '.bzr',
  '.direnv',
  '.eggs',
  '.git',
  '.git-rewrite',
  '.hg',
  '.ipynb_checkpoints',
  '.mypy_cache',
  '.nox',
  '.pants.d',
  '.pyenv',
  '.pytest_cache',
  '.pytype',
  '.ruff_cache',
  '.svn',
  '.tox',
  '.venv',
  '.vscode',
  '__pypackages__',
  '_build',
  'buck-out',
  'dist',
  'node_modules',
  'site-packages',
  'venv',
]);

/** The kit's base copies of managed files (checked as copies, not as sources). */
const BASE_COPY_DIR = '.mx/';

/** A project's ruff settings: where they come from and the options ruff reads. */
export interface RuffConfig {
  /** The config file (tree-relative), or undefined for ruff's defaults. */
  file?: string;
  /** Its folder: the project root (tree-relative, '' for the tree's root). */
  root: string;
  options: Record<string, any>;
  error?: string;
}

export function isPythonFile(file: string): boolean {
  if (!file.endsWith('.py') && !file.endsWith('.pyi')) return false;
  if (file.startsWith(BASE_COPY_DIR)) return false;
  return !file.split('/').some(part => DEFAULT_EXCLUDES.has(part));
}

/** The `[tool.ruff]` (or ruff.toml) settings of a folder, or undefined when it has none. */
function configIn(tree: Tree, dir: string): RuffConfig | undefined {
  const at = (name: string) => (dir ? `${dir}/${name}` : name);
  for (const name of ['.ruff.toml', 'ruff.toml', 'pyproject.toml']) {
    const file = at(name);
    const content = tree.get(file);
    if (!content) continue;
    let toml: Record<string, any>;
    try {
      toml = parseToml(content.toString('utf8')) as Record<string, any>;
    } catch (e) {
      return {
        file,
        root: dir,
        options: {},
        error: `ruff cannot read ${file}: ${
          (e as Error).message.split('\n')[0]
        }`,
      };
    }
    if (name === 'pyproject.toml') {
      const ruff = toml.tool?.ruff;
      if (!ruff) continue;
      const options = structuredClone(ruff);
      // ruff infers the target version from requires-python when none is set
      const requires = /(?:>=|~=|==)\s*3\.(\d+)/.exec(
        String(toml.project?.['requires-python'] ?? ''),
      );
      if (!options['target-version'] && requires) {
        options['target-version'] = `py3${requires[1]}`;
      }
      return { file, root: dir, options };
    }
    return { file, root: dir, options: structuredClone(toml) };
  }
  return undefined;
}

/** The settings ruff uses for a file: the closest config file above it, else the defaults. */
export function configFor(
  tree: Tree,
  file: string,
  cache: Map<string, RuffConfig | undefined>,
): RuffConfig {
  let dir = path.posix.dirname(file);
  for (;;) {
    const key = dir === '.' ? '' : dir;
    if (!cache.has(key)) cache.set(key, configIn(tree, key));
    const found = cache.get(key);
    if (found) return found;
    if (key === '') return { root: '', options: {} };
    dir = path.posix.dirname(key);
  }
}

/** The top-level module names under a project's `src` folders (what isort calls first-party). */
function sourceModules(tree: Tree, config: RuffConfig): string[] {
  const src: string[] = config.options.src ?? ['.', 'src'];
  const names = new Set<string>();
  for (const s of src) {
    const base = path.posix.normalize(path.posix.join(config.root || '.', s));
    const prefix = base === '.' ? '' : `${base}/`;
    for (const file of tree.keys()) {
      if (!file.startsWith(prefix) || file.startsWith(BASE_COPY_DIR)) continue;
      const rest = file.slice(prefix.length).split('/');
      // <src>/<name>/... is a folder; <src>/<name>.py a module
      const module =
        rest.length > 1 ? rest[0] : /^(.*)\.pyi?$/.exec(rest[0])?.[1];
      if (!module) continue;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(module)) names.add(module);
    }
  }
  return [...names].sort();
}

/** The options given to the WASM workspace: the project's, plus its first-party modules. */
export function workspaceOptions(
  tree: Tree,
  config: RuffConfig,
): Record<string, any> {
  const options = structuredClone(config.options);
  delete options.extend;
  const useLint = options.lint?.isort !== undefined || !options.isort;
  const isort = useLint
    ? ((options.lint ??= {}).isort ??= {})
    : (options.isort as Record<string, any>);
  const userKnown = new Set<string>(
    [
      'known-first-party',
      'known-third-party',
      'known-local-folder',
      'extra-standard-library',
    ].flatMap(k => (isort[k] as string[] | undefined) ?? []),
  );
  const detected = sourceModules(tree, config).filter(m => !userKnown.has(m));
  isort['known-first-party'] = [
    ...((isort['known-first-party'] as string[] | undefined) ?? []),
    ...detected,
  ];
  return options;
}

/** A ruff glob (globset, `*` crossing folders) as a regular expression. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      re += '.*';
      while (glob[i + 1] === '*') i++;
    } else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, m => `\\${m}`);
  }
  return new RegExp(`^${re}$`);
}

/** The rule selectors `per-file-ignores` turns off for a file. */
export function perFileIgnores(config: RuffConfig, file: string): string[] {
  const lint = config.options.lint ?? {};
  const tables = [
    config.options['per-file-ignores'],
    config.options['extend-per-file-ignores'],
    lint['per-file-ignores'],
    lint['extend-per-file-ignores'],
  ].filter(Boolean) as Record<string, string[]>[];
  const rel = config.root ? file.slice(config.root.length + 1) : file;
  const base = path.posix.basename(file);
  const ignored: string[] = [];
  for (const table of tables) {
    for (const [pattern, selectors] of Object.entries(table)) {
      const negated = pattern.startsWith('!');
      const re = globToRegExp(negated ? pattern.slice(1) : pattern);
      const matches = re.test(rel) || re.test(base);
      if (matches !== negated) ignored.push(...selectors);
    }
  }
  return ignored;
}

export function isIgnored(code: string | null, selectors: string[]): boolean {
  if (!code) return false;
  return selectors.some(s => s === 'ALL' || code.startsWith(s));
}
