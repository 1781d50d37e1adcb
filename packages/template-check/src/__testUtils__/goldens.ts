import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import { findRepoRoot } from '../lib/paths';
import { readTree, Tree, writeTree } from '../lib/tree';
import type { FileCheck } from '../validators';
import type { TreeCheck } from '../treeChecks';

/**
 * The committed golden tree of a template's fixture: what the kit rendered for it. Tests of
 * whole-tree checks read real rendered projects from here instead of rendering them again.
 */
export async function goldenTree(
  template: string,
  fixture: string,
): Promise<Tree> {
  return readTree(
    path.join(
      findRepoRoot(),
      'templates',
      template,
      'fixtures',
      '__golden__',
      fixture,
    ),
  );
}

/**
 * A copy of `tree` with one file changed: `edit` gets its text (throws when the file is absent,
 * or when `edit` changed nothing, so a test that puts a defect back cannot silently test nothing).
 */
export function withEdit(
  tree: Tree,
  file: string,
  edit: (text: string) => string,
): Tree {
  const before = tree.get(file);
  if (!before) throw new Error(`withEdit: no file ${file} in the tree`);
  const text = before.toString('utf8');
  const after = edit(text);
  if (after === text)
    throw new Error(`withEdit: the edit left ${file} as it was`);
  const copy = new Map(tree);
  copy.set(file, Buffer.from(after, 'utf8'));
  return copy;
}

/** `text.replace(search, replacement)` that throws when `search` is not found. */
export function replaceOnce(
  text: string,
  search: string | RegExp,
  replacement: string,
): string {
  const found =
    typeof search === 'string' ? text.includes(search) : search.test(text);
  if (!found) throw new Error(`replaceOnce: ${String(search)} not found`);
  return text.replace(search, replacement);
}

/** Runs one whole-tree check on a tree written to a fresh temporary folder. */
export async function runTreeCheck(
  check: TreeCheck,
  tree: Tree,
  label = 'test',
): Promise<FileCheck[]> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-tree-check-'));
  try {
    await writeTree(workDir, tree);
    return await check.run(tree, { workDir, label });
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** The failing rows of a check's result. */
export function failures(rows: FileCheck[]): FileCheck[] {
  return rows.filter(r => r.status === 'fail');
}

/**
 * A committed golden with one defect put back: the first `search` in `file` replaced by
 * `replacement` (throws when `search` is absent, see `replaceOnce` and `withEdit`).
 */
export async function goldenWithDefect(
  template: string,
  fixture: string,
  file: string,
  search: string | RegExp,
  replacement: string,
): Promise<Tree> {
  return withEdit(await goldenTree(template, fixture), file, t =>
    replaceOnce(t, search, replacement),
  );
}
