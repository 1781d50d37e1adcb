/* Paths into a document (as the merge reports them) and what the merge records along them. */
import { Document } from 'yaml';
import { FileKind } from './rules';

/** One step of a path: a map key, a named list item, a list index or a set item. */
export type PathSegment =
  | { key: string }
  | { item: string; value: string }
  | { index: number }
  | { member: unknown };

export interface StructuralConflict {
  /** Where, e.g. `metadata.links[url=https://wiki.example.com].title`. */
  path: string;
  /** What happened on each side, in one sentence. */
  reason: string;
  /** The user's value, which is kept (undefined: absent). */
  yours: unknown;
  /** What the new render wanted (undefined: absent). */
  mx: unknown;
  /** What MX had rendered last time (undefined: absent). */
  base: unknown;
}

export interface StructuralChange {
  path: string;
  change: 'added' | 'changed' | 'removed';
}

export interface TreeMergeContext {
  kind: FileKind;
  /** The user's document: where the result is built, and whose schema converts nodes. */
  doc: Document;
  /** A label for the document in multi-document files, put before every path. */
  docLabel: string;
  conflicts: StructuralConflict[];
  /** The new render's changes that were applied. */
  applied: StructuralChange[];
  /** The user's own edits that were kept. */
  kept: StructuralChange[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function formatScalar(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function formatPath(label: string, path: PathSegment[]): string {
  let out = '';
  for (const s of path) {
    if ('key' in s) {
      out += IDENTIFIER.test(s.key)
        ? `${out ? '.' : ''}${s.key}`
        : `[${JSON.stringify(s.key)}]`;
    } else if ('item' in s) out += `[${s.item}=${s.value}]`;
    else if ('index' in s) out += `[${s.index}]`;
    else out += `[${formatScalar(s.member)}]`;
  }
  if (!label) return out || '(the whole file)';
  return out ? `${label}: ${out}` : label;
}

/** The path with list items reduced to `[]`, for the rule table. */
export function schemaPathOf(path: PathSegment[]): string[] {
  return path.map(s => ('key' in s ? s.key : '[]'));
}
