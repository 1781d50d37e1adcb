import { run } from '../lib/exec';
import { Outcome } from './types';

// What `python3 -m py_compile a.py b.py` does, with one result line per file (one process
// per tree: a Python start-up per file is slow on a busy machine).
const PY_COMPILE = `
import json, py_compile, sys, tempfile, os
out = {}
tmp = tempfile.mkdtemp()
for i, f in enumerate(sys.argv[1:]):
    try:
        py_compile.compile(f, cfile=os.path.join(tmp, str(i) + '.pyc'), doraise=True)
        out[f] = None
    except py_compile.PyCompileError as e:
        out[f] = e.msg.strip()
print(json.dumps(out))
`;

/** py_compile results for the tree's Python files: relative path → error (null when valid). */
export async function compilePython(
  files: string[],
  workDir: string,
): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (files.length === 0) return result;
  // -I -S: no user site, no site-packages: py_compile needs only the standard library
  const r = await run('python3', ['-I', '-S', '-c', PY_COMPILE, ...files], {
    cwd: workDir,
  });
  if (r.code !== 0) {
    for (const f of files) result.set(f, `python3 failed: ${r.stderr.trim()}`);
    return result;
  }
  const parsed = JSON.parse(r.stdout) as Record<string, string | null>;
  for (const [f, e] of Object.entries(parsed)) result.set(f, e);
  return result;
}

export function checkPython(
  file: string,
  compiled?: Map<string, string | null>,
): Outcome {
  const error = compiled?.get(file);
  if (error === undefined) {
    return { validator: 'python3 py_compile', errors: ['not compiled'] };
  }
  return {
    validator: 'python3 py_compile',
    errors: error ? [error.split('\n').slice(-3).join(' ')] : [],
  };
}
