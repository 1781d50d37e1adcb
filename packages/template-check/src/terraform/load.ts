import { parse as parseHcl } from '@cdktf/hcl2json';
import path from 'node:path';
import type { Tree } from '../lib/tree';

/**
 * Loading a tree's Terraform, shared by every check that reads it (provider schema, ordering /
 * GPU / engineer rules, name limits): each `.tf` and `.tfvars` file parsed with
 * `@cdktf/hcl2json` (HCL2 → JSON: blocks become arrays of bodies, expressions `${...}` strings)
 * and grouped by folder, as Terraform loads one folder as one module. mx:files:reconcile's base
 * copies (`.mx/base/`) are not part of the project and are left out.
 */

/** A parsed HCL file as hcl2json returns it. */
export type HclJson = Record<string, any>;

export interface TerraformSource {
  /** Path in the tree. */
  file: string;
  text: string;
  /** Undefined when hcl2json cannot read the file (the per-file HCL check reports why). */
  json?: HclJson;
}

export interface TerraformFolder {
  /** The folder, relative to the tree root ('.' for the root). */
  dir: string;
  /** Its `.tf` and `.tfvars` files, in tree order. */
  files: TerraformSource[];
}

const BASE_COPY_DIR = '.mx/base/';

/** Parses per tree object and file content: the checks of one tree parse each file once. */
const parsedByTree = new WeakMap<
  Tree,
  Map<string, { content: Buffer; json: Promise<HclJson | undefined> }>
>();

function parse(tree: Tree, file: string, content: Buffer) {
  let parsed = parsedByTree.get(tree);
  if (!parsed) {
    parsed = new Map();
    parsedByTree.set(tree, parsed);
  }
  let entry = parsed.get(file);
  if (!entry || entry.content !== content) {
    entry = {
      content,
      json: parseHcl(file, content.toString('utf8')).then(
        json => json as HclJson,
        () => undefined,
      ),
    };
    parsed.set(file, entry);
  }
  return entry.json;
}

/** Every folder of the tree with `.tf` files, each `.tf`/`.tfvars` file in it parsed. */
export async function terraformFolders(tree: Tree): Promise<TerraformFolder[]> {
  const byDir = new Map<string, TerraformSource[]>();
  for (const [file, content] of tree) {
    if (!/\.tf$|\.tfvars$/.test(file) || file.startsWith(BASE_COPY_DIR)) {
      continue;
    }
    const source: TerraformSource = {
      file,
      text: content.toString('utf8'),
      json: await parse(tree, file, content),
    };
    const dir = path.posix.dirname(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), source]);
  }
  return [...byDir]
    .filter(([, files]) => files.some(f => f.file.endsWith('.tf')))
    .map(([dir, files]) => ({ dir, files }));
}

/** `google_container_cluster.main`, `data.google_project.this`: a block's address. */
export function blockAddress(
  mode: 'managed' | 'data',
  type: string,
  name: string,
): string {
  return `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
}

/** Every `resource`/`data` block of a parsed file: its mode, type, name and bodies. */
export function* blocksOf(json: HclJson): Generator<{
  mode: 'managed' | 'data';
  type: string;
  name: string;
  address: string;
  bodies: HclJson[];
}> {
  for (const [mode, section] of [
    ['managed', json.resource],
    ['data', json.data],
  ] as const) {
    for (const [type, byName] of Object.entries<HclJson>(section ?? {})) {
      for (const [name, bodies] of Object.entries<HclJson[]>(byName)) {
        yield {
          mode,
          type,
          name,
          address: blockAddress(mode, type, name),
          bodies,
        };
      }
    }
  }
}
