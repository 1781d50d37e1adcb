import { run } from '../lib/exec';
import { Tree, writeTree } from '../lib/tree';
import { treeChecks as defaultTreeChecks } from '../treeChecks';
import { checkFile } from './checkFile';
import { compilePython } from './python';
import { checkTerraformModules } from './terraformModules';
import { BASE_COPY_DIR, FileCheck, TreeCheckOptions } from './types';

/** Checks every file of a rendered tree (written to `workDir` for the command-line tools). */
export async function checkTree(
  tree: Tree,
  options: TreeCheckOptions,
): Promise<FileCheck[]> {
  const prof = (label: string, t0: number) => {
    if (process.env.MX_CHECK_PROFILE) {
      process.stderr.write(`    ${Date.now() - t0}ms ${label}\n`);
    }
  };
  let t0 = Date.now();
  await writeTree(options.workDir, tree);
  prof('write tree', t0);
  t0 = Date.now();
  const rows: FileCheck[] = [];
  // The whole-tree checks start now and run beside the file checks: several start their own
  // processes (sphinx-build, make test) that use another core while the kit checks files.
  const treeCheckRows = Promise.all(
    (options.treeChecks ?? defaultTreeChecks).map(async check => {
      const started = Date.now();
      const result = await check.run(tree, {
        workDir: options.workDir,
        label: options.label,
      });
      prof(check.name, started);
      return result;
    }),
  );
  // awaited at the end; a failure must not count as unhandled meanwhile
  treeCheckRows.catch(() => undefined);
  const pythonPromise = compilePython(
    [...tree.keys()].filter(f => f.endsWith('.py')),
    options.workDir,
  );
  let terraformUnformatted: Set<string> | undefined;
  if ([...tree.keys()].some(f => f.endsWith('.tf') || f.endsWith('.tfvars'))) {
    const fmt = await run(
      'terraform',
      ['fmt', '-check', '-list=true', '-recursive', '-no-color', '.'],
      { cwd: options.workDir },
    );
    // exit 3: some files need formatting; anything else with stderr: a syntax error, which
    // the per-file run reports with its location
    if (fmt.code === 0 || (fmt.code === 3 && !fmt.stderr.trim())) {
      terraformUnformatted = new Set(
        fmt.stdout
          .split('\n')
          .map(l => l.trim().replace(/^\.\//, ''))
          .filter(Boolean),
      );
    }
  }
  prof('terraform fmt', t0);
  t0 = Date.now();
  const pythonCompiled = await pythonPromise;
  prof('python', t0);
  const fileOptions = { ...options, terraformUnformatted, pythonCompiled };
  // A few at a time: terraform and python are separate processes
  const files = [...tree.entries()];
  const results: FileCheck[] = new Array(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < files.length) {
        const i = next++;
        const [file, content] = files[i];
        if (file.startsWith(BASE_COPY_DIR)) {
          const original = file.slice(BASE_COPY_DIR.length);
          if (tree.get(original)?.equals(content)) {
            results[i] = {
              file,
              validator: `base copy of ${original}`,
              status: 'pass',
            };
            continue;
          }
        }
        const started = Date.now();
        results[i] = await checkFile(file, content, fileOptions);
        if (process.env.MX_CHECK_PROFILE) {
          process.stderr.write(`    ${Date.now() - started}ms ${file}\n`);
        }
      }
    }),
  );
  rows.push(...results);
  t0 = Date.now();
  rows.push(...(await checkTerraformModules(tree, options.workDir)));
  prof('terraform modules', t0);
  rows.push(...(await treeCheckRows).flat());
  return rows;
}
