import { run } from './exec';

/**
 * The Python the kit runs the projects' own tools with (sphinx-build, pytest): Debian's, which
 * has `python3-sphinx`, `python3-pytest`, `python3-torch`... installed by `.ci/run`. The `python3`
 * first on PATH may be another one (pyenv) that does not see Debian's packages.
 * `MX_CHECK_PYTHON` points the kit at another interpreter.
 */
export function debianPython(): string {
  return process.env.MX_CHECK_PYTHON ?? '/usr/bin/python3';
}

/** The Debian package that provides each Python module the kit's real-tool checks import. */
export const DEBIAN_PACKAGES: Record<string, string> = {
  sphinx: 'python3-sphinx',
  sphinx_rtd_theme: 'python3-sphinx-rtd-theme',
  pytest: 'python3-pytest',
  torch: 'python3-torch',
  omegaconf: 'python3-omegaconf',
  numpy: 'python3-numpy',
  kubernetes: 'python3-kubernetes',
  yaml: 'python3-yaml',
};

const probes = new Map<string, Promise<Set<string>>>();

/**
 * The modules of `modules` that Debian's Python cannot import (all of them when that Python
 * does not exist). One interpreter start per interpreter and list, cached for the kit's run.
 */
export function missingModules(modules: string[]): Promise<Set<string>> {
  const key = `${debianPython()}:${[...modules].sort().join(',')}`;
  let p = probes.get(key);
  if (!p) {
    p = probe(modules);
    probes.set(key, p);
  }
  return p;
}

async function probe(modules: string[]): Promise<Set<string>> {
  const script = [
    'import importlib.util, sys',
    'print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))',
  ].join('\n');
  const r = await run(debianPython(), ['-I', '-c', script, ...modules], {
    timeoutMs: 30_000,
  });
  if (r.code !== 0) return new Set(modules);
  return new Set(r.stdout.split(/\s+/).filter(Boolean));
}

/**
 * "needs X, Y (apt-get install -y python3-x python3-y)": what a developer installs to run a check.
 */
export function installHint(missing: Iterable<string>): string {
  const mods = [...missing];
  const pkgs = [...new Set(mods.map(m => DEBIAN_PACKAGES[m] ?? m))];
  return `${debianPython()} cannot import ${mods.join(
    ', ',
  )}: install Debian's ${pkgs.join(', ')} (apt-get install -y ${pkgs.join(
    ' ',
  )})`;
}

/**
 * The module a failed run could not load (`No module named 'x'`, or Sphinx's `no theme named
 * 'x'`) when Debian packages it and this machine lacks it: the machine's fault, not the
 * project's (the check then says what to install).
 */
export async function uninstalledDebianModule(
  output: string,
): Promise<string | undefined> {
  const module =
    /No module named '([A-Za-z0-9_]+)/.exec(output)?.[1] ??
    /no theme named '([A-Za-z0-9_]+)'/.exec(output)?.[1];
  if (
    module &&
    DEBIAN_PACKAGES[module] &&
    (await missingModules([module])).has(module)
  ) {
    return module;
  }
  return undefined;
}
