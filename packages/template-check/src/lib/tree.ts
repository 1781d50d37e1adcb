import fs from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';

/** A rendered tree: POSIX relative path → content. */
export type Tree = Map<string, Buffer>;

export interface DirectoryFile {
  path: string;
  base64Content: string;
  executable?: boolean;
}

/** Reads every file below `dir` (dotfiles included) into a tree, optionally skipping folders. */
export async function readTree(
  dir: string,
  options: { skip?: (relPath: string) => boolean } = {},
): Promise<Tree> {
  const tree: Tree = new Map();
  async function walk(rel: string) {
    const entries = await fs.readdir(path.join(dir, rel), {
      withFileTypes: true,
    });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (options.skip?.(child)) continue;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) {
        tree.set(child, await fs.readFile(path.join(dir, child)));
      }
    }
  }
  await walk('');
  return sortTree(tree);
}

export function sortTree(tree: Tree): Tree {
  return new Map([...tree.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Writes a tree below `dir` (which is emptied first). */
export async function writeTree(dir: string, tree: Tree): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  for (const [rel, content] of tree) {
    const file = path.join(dir, ...rel.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

export function treeToDirectoryContents(
  tree: Tree,
  prefix = '',
): DirectoryFile[] {
  return [...tree.entries()].map(([p, c]) => ({
    path: prefix ? `${prefix}/${p}` : p,
    base64Content: c.toString('base64'),
  }));
}

/** The files of a dry-run result below `root` ('' or '.' for all), relative to it. */
export function directoryContentsToTree(
  files: DirectoryFile[],
  root = '',
): Tree {
  const prefix = root && root !== '.' ? `${root.replace(/\/+$/, '')}/` : '';
  const tree: Tree = new Map();
  for (const f of files) {
    const p = f.path.replace(/^\.\//, '');
    if (prefix && !p.startsWith(prefix)) continue;
    tree.set(p.slice(prefix.length), Buffer.from(f.base64Content, 'base64'));
  }
  return sortTree(tree);
}

export interface TreeDiff {
  added: string[];
  removed: string[];
  changed: string[];
  /** Unified diff of every difference (binary files named only). */
  patch: string;
}

function isText(b: Buffer): boolean {
  return !b.includes(0);
}

/** Differences from `before` to `after`, as lists and a readable unified diff. */
export function diffTrees(
  before: Tree,
  after: Tree,
  labels: { before: string; after: string } = {
    before: 'expected',
    after: 'actual',
  },
): TreeDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  const patches: string[] = [];
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const p of paths) {
    const a = before.get(p);
    const b = after.get(p);
    if (a && b && a.equals(b)) continue;
    if (!a) added.push(p);
    else if (!b) removed.push(p);
    else changed.push(p);
    if ((a && !isText(a)) || (b && !isText(b))) {
      patches.push(`Binary file ${p} differs\n`);
      continue;
    }
    patches.push(
      createTwoFilesPatch(
        a ? `${labels.before}/${p}` : '/dev/null',
        b ? `${labels.after}/${p}` : '/dev/null',
        a?.toString('utf8') ?? '',
        b?.toString('utf8') ?? '',
        undefined,
        undefined,
        { context: 3 },
      ),
    );
  }
  return { added, removed, changed, patch: patches.join('') };
}

export function isEmptyDiff(d: TreeDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0;
}
