import { parse as parseHcl } from '@cdktf/hcl2json';
import fs from 'node:fs/promises';
import path from 'node:path';
import { run } from '../lib/exec';
import { Tree } from '../lib/tree';
import { BASE_COPY_DIR, FileCheck } from './types';

/**
 * `terraform init -backend=false && terraform validate` on every folder of .tf files that needs
 * no provider (none can be downloaded here); other folders are reported as not applicable.
 */
export async function checkTerraformModules(
  tree: Tree,
  workDir: string,
): Promise<FileCheck[]> {
  const dirs = new Map<string, string[]>();
  for (const file of tree.keys()) {
    if (!file.endsWith('.tf') || file.startsWith(BASE_COPY_DIR)) continue;
    const dir = path.posix.dirname(file);
    dirs.set(dir, [...(dirs.get(dir) ?? []), file]);
  }
  const rows: FileCheck[] = [];
  for (const [dir, files] of dirs) {
    const providers = new Set<string>();
    for (const f of files) {
      let json: any;
      try {
        json = await parseHcl(f, tree.get(f)!.toString('utf8'));
      } catch {
        continue; // reported per file
      }
      for (const t of json.terraform ?? []) {
        for (const rp of t.required_providers ?? []) {
          Object.keys(rp).forEach(p => providers.add(p));
        }
      }
      Object.keys(json.provider ?? {}).forEach(p => providers.add(p));
      for (const block of ['resource', 'data', 'ephemeral']) {
        for (const type of Object.keys(json[block] ?? {})) {
          if (!type.startsWith('terraform_')) providers.add(type.split('_')[0]);
        }
      }
      if (json.module) providers.add('(modules)');
    }
    const label = `${dir}/`;
    if (providers.size > 0) {
      rows.push({
        file: label,
        validator: 'terraform validate',
        status: 'n/a',
        message: `not applicable offline: needs provider(s) ${[...providers]
          .sort()
          .join(', ')}; covered by fmt + hcl2json${
          providers.has('google') ? ' and the google provider schema check' : ''
        }`,
      });
      continue;
    }
    const cwd = path.join(workDir, ...dir.split('/'));
    const env = { TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const init = await run(
      'terraform',
      ['init', '-backend=false', '-input=false', '-no-color'],
      { cwd, env, timeoutMs: 120_000 },
    );
    const validate =
      init.code === 0
        ? await run('terraform', ['validate', '-no-color'], { cwd, env })
        : init;
    rows.push({
      file: label,
      validator: 'terraform init -backend=false + validate',
      status: validate.code === 0 ? 'pass' : 'fail',
      message:
        validate.code === 0
          ? undefined
          : (validate.stderr || validate.stdout)
              .trim()
              .split('\n')
              .slice(0, 6)
              .join(' '),
    });
    await fs.rm(path.join(cwd, '.terraform'), { recursive: true, force: true });
    await fs.rm(path.join(cwd, '.terraform.lock.hcl'), { force: true });
  }
  return rows;
}
