import type { Tree } from '../lib/tree';
import { terraformFolders } from './load';

/**
 * A Terraform file as `@cdktf/hcl2json` reads it: blocks become arrays of bodies
 * (`resource.<type>.<name>[0]`, `node_config[0].guest_accelerator[0]`), arguments keep their
 * values, and expressions become `${...}` strings.
 */
export type HclBody = Record<string, unknown>;

export interface TerraformFile {
  /** Path in the tree. */
  file: string;
  json: HclBody;
  /** The file's text. */
  text: string;
}

/** One folder of .tf files: what Terraform loads as one module. */
export interface TerraformModule {
  dir: string;
  files: TerraformFile[];
}

/**
 * Every Terraform module folder of a tree (see load.ts), each .tf file parsed. A file that does
 * not parse is left out (the per-file check reports its syntax error).
 */
export async function readTerraformModules(
  tree: Tree,
): Promise<TerraformModule[]> {
  return (await terraformFolders(tree)).map(({ dir, files }) => ({
    dir,
    files: files.flatMap(({ file, text, json }) =>
      file.endsWith('.tf') && json ? [{ file, json, text }] : [],
    ),
  }));
}

/** The bodies of a block: hcl2json gives an array of bodies, one per occurrence. */
export function blockBodies(value: unknown): HclBody[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (!value.every(v => v && typeof v === 'object' && !Array.isArray(v)))
    return undefined;
  return value as HclBody[];
}

/** Every `${...}` expression inside a value (strings, lists and objects, recursively). */
export function expressions(value: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string') out.push(...interpolations(v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

/** The contents of the `${ ... }` parts of a template string (braces matched, strings skipped). */
export function interpolations(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('${');
  while (i !== -1) {
    // `$${` is an escaped literal `${`
    if (i > 0 && text[i - 1] === '$') {
      i = text.indexOf('${', i + 2);
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let quote = false;
    for (; j < text.length && depth > 0; j++) {
      const c = text[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === '"') quote = false;
      } else if (c === '"') quote = true;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    out.push(text.slice(i + 2, j - 1));
    i = text.indexOf('${', j);
  }
  return out;
}

/**
 * The source text of a `resource`/`data` block (from its header to its closing brace), to tell
 * what hcl2json's JSON cannot: `x = [{ ... }]` and `x { ... }` both become a list of objects there.
 * Quoted strings and comments are skipped when matching braces.
 */
export function blockSource(
  text: string,
  kind: 'resource' | 'data',
  type: string,
  name: string,
): string | undefined {
  const header = new RegExp(
    `^[ \\t]*${kind}[ \\t]+"${type}"[ \\t]+"${name}"[ \\t]*\\{`,
    'm',
  ).exec(text);
  if (!header) return undefined;
  let depth = 0;
  for (let i = header.index + header[0].length - 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) {
        if (text[i] === '\\') i++;
      }
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      return text.slice(header.index, i + 1);
    }
  }
  return undefined;
}
