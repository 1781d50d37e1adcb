import fs from 'node:fs/promises';
import path from 'node:path';
import { run } from '../lib/exec';
import { exists } from '../lib/exists';
import { Tree, diffTrees, isEmptyDiff, readTree, writeTree } from '../lib/tree';
import { TemplateUnderCheck } from '../templates';
import { ReportRow } from './types';

/** Files of a golden tree that git would not commit (empty when git is not available). */
async function gitIgnored(dir: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const r = await run('git', ['check-ignore', '--stdin'], {
    cwd: dir,
    input: `${files.join('\n')}\n`,
  });
  // exit 0: some ignored, 1: none, anything else: not a repository / no git
  if (r.code !== 0) return [];
  return r.stdout.split('\n').filter(Boolean);
}

/** Golden folders whose fixture no longer exists (removed by --update). */
export async function orphanGoldens(
  t: TemplateUnderCheck,
  update: boolean,
): Promise<ReportRow[]> {
  const root = path.join(t.dir, 'fixtures', '__golden__');
  if (!(await exists(root))) return [];
  const names = new Set(
    t.fixtures.filter(f => f.expectError === undefined).map(f => f.name),
  );
  const rows: ReportRow[] = [];
  for (const e of await fs.readdir(root, { withFileTypes: true })) {
    if (!e.isDirectory() || names.has(e.name)) continue;
    const file = `fixtures/__golden__/${e.name}/`;
    if (update) {
      await fs.rm(path.join(root, e.name), { recursive: true, force: true });
      rows.push({
        template: t.name,
        fixture: e.name,
        file,
        validator: 'golden',
        status: 'pass',
        message: 'removed: no such rendering fixture',
      });
    } else {
      rows.push({
        template: t.name,
        fixture: e.name,
        file,
        validator: 'golden',
        status: 'fail',
        message: 'a golden without a rendering fixture: --update removes it',
      });
    }
  }
  return rows;
}

export async function checkGolden(
  t: TemplateUnderCheck,
  fixture: string,
  tree: Tree,
  update: boolean,
): Promise<ReportRow> {
  const dir = path.join(t.dir, 'fixtures', '__golden__', fixture);
  const rel = `${path.posix.join('fixtures', '__golden__', fixture)}/`;
  const base = { template: t.name, fixture, file: rel, validator: 'golden' };
  if (update) {
    await writeTree(dir, tree);
    const ignored = await gitIgnored(dir, [...tree.keys()]);
    if (ignored.length > 0) {
      return {
        ...base,
        status: 'fail',
        message: `written, but git ignores ${ignored.join(
          ', ',
        )}: the golden would be committed incomplete (adjust the .gitignore rules that match)`,
      };
    }
    return { ...base, status: 'pass', message: `written (${tree.size} files)` };
  }
  if (!(await exists(dir))) {
    return {
      ...base,
      status: 'fail',
      message:
        'no golden yet: run `yarn templates:check --update` and review the files',
    };
  }
  const golden = await readTree(dir);
  const diff = diffTrees(golden, tree, { before: 'golden', after: 'rendered' });
  if (isEmptyDiff(diff)) return { ...base, status: 'pass' };
  return {
    ...base,
    status: 'fail',
    message: `rendered tree differs from the golden (${[
      diff.added.length ? `added: ${diff.added.join(', ')}` : '',
      diff.removed.length ? `missing: ${diff.removed.join(', ')}` : '',
      diff.changed.length ? `changed: ${diff.changed.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ')}); if intended, run with --update`,
    diff: diff.patch,
  };
}
