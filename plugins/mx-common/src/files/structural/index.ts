/*
 * Structural three-way merge of YAML and JSON files (pure, no I/O). base = MX's last render,
 * ours = the new render, theirs = the user's file. Maps merge key by key, lists of named items
 * item by item, sets by value, other lists as sequences; multi-document YAML per document.
 * A real conflict keeps the user's value and is reported with its path; everything else merges.
 */
import { diff3Merge } from 'node-diff3';
import {
  Document,
  ToStringOptions,
  isAlias,
  parseAllDocuments,
  visit,
} from 'yaml';
import { detectKind } from './rules';
import { fingerprint, sameData, toData } from './nodes';
import { StructuralChange, StructuralConflict } from './paths';
import { TreeMerger } from './tree';

export type { StructuralChange, StructuralConflict } from './paths';
export type { FileKind, ListStrategy } from './rules';
export { LIST_RULES, detectKind, listStrategyFor } from './rules';

export type StructuredFormat = 'yaml' | 'json';

/** The structured format of a path (by its extension), or undefined for any other file. */
export function structuredFormatOf(path: string): StructuredFormat | undefined {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.json$/i.test(path)) return 'json';
  return undefined;
}

export type StructuralMergeResult =
  | {
      ok: true;
      format: StructuredFormat;
      /** The merged file: the user's text with the new render's changes applied. */
      text: string;
      /** Values both sides changed differently: the user's value is in `text`. */
      conflicts: StructuralConflict[];
      /** The new render's changes that were applied, by path. */
      applied: StructuralChange[];
      /** The user's edits that were kept, by path. */
      kept: StructuralChange[];
    }
  | {
      ok: false;
      format: StructuredFormat;
      /** Why the structure could not be merged (the caller falls back to the line merge). */
      reason: string;
    };

type Side = 'base' | 'render' | 'edited';
const SIDE_NAME: Record<Side, string> = {
  base: "MX's last render (the base copy)",
  render: 'the new render',
  edited: 'your file',
};

class Unmergeable extends Error {}

function parse(text: string, format: StructuredFormat, side: Side): Document[] {
  const name = format === 'json' ? 'JSON' : 'YAML';
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new Unmergeable(
        `${SIDE_NAME[side]} is not valid JSON (${(e as Error).message})`,
      );
    }
  }
  const docs = [...parseAllDocuments(text, { prettyErrors: true })];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const firstLine = error.message.split('\n')[0];
      throw new Unmergeable(
        `${SIDE_NAME[side]} is not valid ${name} (${firstLine})`,
      );
    }
    let alias = false;
    visit(doc, {
      Alias: () => {
        alias = true;
        return visit.BREAK;
      },
    });
    if (alias || docs.some(d => isAlias(d.contents))) {
      throw new Unmergeable(
        `${SIDE_NAME[side]} uses YAML anchors and aliases, which the structural merge does not follow`,
      );
    }
  }
  return docs;
}

/** Indentation of the user's file, so that what MX adds looks like the rest of it. */
export function detectYamlStyle(text: string): {
  indent: number;
  indentSeq: boolean;
} {
  const lines = text
    .split('\n')
    .filter(l => l.trim() !== '' && !l.trim().startsWith('#'));
  const depth = (l: string) => l.length - l.trimStart().length;
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  for (let i = 0; i + 1 < lines.length; i++) {
    const prev = lines[i];
    const next = lines[i + 1];
    if (!/:\s*$/.test(prev)) continue;
    const diff = depth(next) - depth(prev.replace(/^(\s*)- /, '$1  '));
    if (next.trimStart().startsWith('- ')) {
      if (indentSeq === undefined && diff >= 0) indentSeq = diff > 0;
      if (diff > 0 && indent === undefined) indent = diff;
    } else if (diff > 0 && (indent === undefined || diff < indent)) {
      indent = diff;
    }
  }
  return { indent: indent ?? 2, indentSeq: indentSeq ?? true };
}

function jsonIndent(text: string): string | number {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return text.trim().includes('\n') ? 2 : 0;
  return m[1].startsWith('\t') ? '\t' : m[1].length;
}

function stringify(
  docs: Document[],
  format: StructuredFormat,
  edited: string,
): string {
  if (format === 'json') {
    const value = docs[0] ? docs[0].toJS() : null;
    const out = JSON.stringify(value, null, jsonIndent(edited));
    return edited.endsWith('\n') ? `${out}\n` : out;
  }
  const options: ToStringOptions = {
    ...detectYamlStyle(edited),
    lineWidth: 0,
    flowCollectionPadding: false,
  };
  return docs
    .map((d, i) => {
      if (i > 0 && d.directives) d.directives.docStart = true;
      return d.toString(options);
    })
    .join('');
}

function splitLines(text: string): string[] {
  const out = text.split('\n');
  return out
    .map((l, i) => (i < out.length - 1 ? `${l}\n` : l))
    .filter((l, i, all) => !(i === all.length - 1 && l === ''));
}

/**
 * The merged document written with the user's exact bytes wherever the merge changed nothing:
 * `yaml` rewrites some things it parses (e.g. folded scalars), so the changes between the user's
 * file re-serialized and the merge are applied to the user's own text (a line merge of two
 * serializations of the same documents, where the only differences are the structural changes).
 */
function keepUserBytes(
  edited: string,
  roundTrip: string,
  merged: string,
): string {
  if (merged === roundTrip) return edited;
  if (roundTrip === edited) return merged;
  const regions = diff3Merge(
    splitLines(edited),
    splitLines(roundTrip),
    splitLines(merged),
  );
  return regions
    .map(r => (r.ok ? r.ok.join('') : r.conflict!.b.join('')))
    .join('');
}

function docIdentities(docs: Document[][]): (d: Document, i: number) => string {
  const id = (d: Document) => {
    const v = toData(d.contents, d) as Record<string, any> | null;
    if (!v || typeof v !== 'object' || typeof v.kind !== 'string')
      return undefined;
    const name = v.metadata?.name;
    if (typeof name !== 'string') return undefined;
    const ns =
      typeof v.metadata?.namespace === 'string'
        ? `${v.metadata.namespace}/`
        : '';
    return `${v.kind}/${ns}${name}`;
  };
  const named = docs.every(list => {
    const ids = list.map(id);
    return ids.every(Boolean) && new Set(ids).size === ids.length;
  });
  return named ? d => id(d)! : (_d, i) => `document ${i + 1}`;
}

/**
 * Three-way merges a YAML or JSON file by its structure. Pure. When a side cannot be parsed
 * (for example the user broke the YAML), returns `ok: false` with the reason, and the caller uses
 * the line merge.
 */
export function mergeStructured(options: {
  path: string;
  base: string;
  render: string;
  edited: string;
}): StructuralMergeResult {
  const { path, base, render, edited } = options;
  const format = structuredFormatOf(path) ?? 'yaml';
  let b: Document[];
  let o: Document[];
  let t: Document[];
  try {
    b = parse(base, format, 'base');
    o = parse(render, format, 'render');
    t = parse(edited, format, 'edited');
  } catch (e) {
    if (e instanceof Unmergeable)
      return { ok: false, format, reason: e.message };
    throw e;
  }
  const conflicts: StructuralConflict[] = [];
  const applied: StructuralChange[] = [];
  const kept: StructuralChange[] = [];
  if (format === 'json' && (b.length > 1 || o.length > 1 || t.length > 1)) {
    return { ok: false, format, reason: 'a JSON file holds one value' };
  }

  const identity = docIdentities([b, o, t]);
  const single = b.length <= 1 && o.length <= 1 && t.length <= 1;
  const index = (docs: Document[]) =>
    new Map(docs.map((d, i) => [identity(d, i), d]));
  const bIds = index(b);
  const oIds = index(o);
  const tIds = index(t);
  const result = [...t];
  const label = (id: string) => (single ? '' : id);
  const merger = (docLabel: string, doc: Document, sample: Document) =>
    new TreeMerger({
      kind: detectKind(path, toData(sample.contents, sample)),
      doc,
      docLabel,
      conflicts,
      applied,
      kept,
    });

  for (const [id, td] of tIds) {
    const bd = bIds.get(id);
    const od = oIds.get(id);
    if (!od) {
      if (!bd)
        kept.push({ path: label(id) || '(the whole file)', change: 'added' });
      else if (sameData(toData(td.contents, td), toData(bd.contents, bd))) {
        result.splice(result.indexOf(td), 1);
        applied.push({ path: label(id), change: 'removed' });
      } else {
        conflicts.push({
          path: label(id),
          reason:
            'MX no longer renders this document, but you changed it: kept yours',
          base: toData(bd.contents, bd),
          mx: undefined,
          yours: toData(td.contents, td),
        });
      }
      continue;
    }
    td.contents = merger(label(id), td, od).merge(
      bd ? bd.contents : undefined,
      od.contents,
      td.contents,
      [],
    ) as Document['contents'];
  }
  const oursOrder = [...oIds.keys()];
  oursOrder.forEach((id, i) => {
    if (tIds.has(id)) return;
    const od = oIds.get(id)!;
    const bd = bIds.get(id);
    if (bd) {
      if (sameData(toData(od.contents, od), toData(bd.contents, bd))) {
        kept.push({ path: label(id), change: 'removed' });
      } else {
        conflicts.push({
          path: label(id),
          reason:
            'you removed this document, but MX changed it: kept your removal',
          base: toData(bd.contents, bd),
          mx: toData(od.contents, od),
          yours: undefined,
        });
      }
      return;
    }
    const resultIds = result.map((d, j) => identity(d, j));
    let at = result.length;
    for (let k = i - 1; k >= 0; k--) {
      const j = resultIds.indexOf(oursOrder[k]);
      if (j >= 0) {
        at = j + 1;
        break;
      }
    }
    result.splice(at, 0, od.clone());
    applied.push({ path: label(id) || '(the whole file)', change: 'added' });
  });

  const merged = stringify(result, format, edited);
  const roundTrip = stringify(parse(edited, format, 'edited'), format, edited);
  let text = keepUserBytes(edited, roundTrip, merged);
  if (text !== merged) {
    // The user's bytes must carry exactly the merged documents; otherwise use the serialization.
    const want = result.map(d => fingerprint(toData(d.contents, d)));
    let got: string[] | undefined;
    try {
      got = parse(text, format, 'edited').map(d =>
        fingerprint(toData(d.contents, d)),
      );
    } catch {
      got = undefined;
    }
    if (!got || got.join('\n') !== want.join('\n')) text = merged;
  }
  return { ok: true, format, text, conflicts, applied, kept };
}
