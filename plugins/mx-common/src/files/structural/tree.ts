/*
 * The node-level three-way merge: base (MX's last render), ours (the new render) and theirs (the
 * user's file) as `yaml` nodes. The result is built inside the user's document, so every comment,
 * key order, quoting and blank line of theirs stays where nothing conflicting happened.
 */
import { diff3Merge } from 'node-diff3';
import { mergeThreeWay } from '../merge';
import {
  Document,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
} from 'yaml';
import {
  DEFAULT_NAMED_KEYS,
  FileKind,
  ListStrategy,
  listStrategyFor,
} from './rules';

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

type Value = unknown;

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
function schemaPathOf(path: PathSegment[]): string[] {
  return path.map(s => ('key' in s ? s.key : '[]'));
}

/** Plain data of a node; undefined stays undefined (absent). */
export function toData(node: unknown, doc: Document): Value {
  if (node === undefined) return undefined;
  if (node === null) return null;
  if (isNode(node)) return node.toJS(doc);
  return node;
}

/** Equality of plain data, ignoring the order of map keys. */
export function sameData(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (a === null || b === null) return false;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameData(x, b[i]))
    );
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Date || b instanceof Date) {
    return String(a) === String(b);
  }
  if (typeof a === 'object') {
    const ak = Object.keys(a as object);
    const bk = Object.keys(b as object);
    if (ak.length !== bk.length) return false;
    const bo = b as Record<string, unknown>;
    return ak.every(
      k =>
        Object.prototype.hasOwnProperty.call(bo, k) &&
        sameData((a as Record<string, unknown>)[k], bo[k]),
    );
  }
  return false;
}

/** A canonical string of plain data (sorted keys), for identity of list items. */
export function fingerprint(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(fingerprint).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map(k => `${JSON.stringify(k)}:${fingerprint(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

function cloneNode<T>(node: T): T {
  if (isNode(node)) return node.clone() as T;
  if (isPair(node)) {
    const p = new Pair(cloneNode(node.key), cloneNode(node.value));
    return p as T;
  }
  return node;
}

function keyOf(pair: Pair, doc: Document): string {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return fingerprint(toData(k, doc));
}

function isMapLike(node: unknown): boolean {
  return (
    node === undefined ||
    node === null ||
    isMap(node) ||
    (isScalar(node) && node.value === null)
  );
}

function isSeqLike(node: unknown): boolean {
  return (
    node === undefined ||
    node === null ||
    isSeq(node) ||
    (isScalar(node) && node.value === null)
  );
}

function pairsOf(node: unknown, doc: Document): Map<string, Pair> {
  const out = new Map<string, Pair>();
  if (isMap(node)) {
    for (const p of node.items as Pair[]) out.set(keyOf(p, doc), p);
  }
  return out;
}

function itemsOf(node: unknown): unknown[] {
  return isSeq(node) ? [...node.items] : [];
}

/**
 * Where to insert an item that only `ours` has: after the nearest earlier item of `ours` that the
 * result has, else before the nearest later one, else at the end.
 */
function insertionIndex(
  oursOrder: string[],
  at: number,
  resultIds: string[],
): number {
  for (let i = at - 1; i >= 0; i--) {
    const j = resultIds.indexOf(oursOrder[i]);
    if (j >= 0) return j + 1;
  }
  for (let i = at + 1; i < oursOrder.length; i++) {
    const j = resultIds.indexOf(oursOrder[i]);
    if (j >= 0) return j;
  }
  return resultIds.length;
}

export class TreeMerger {
  constructor(private readonly ctx: TreeMergeContext) {}

  private data(node: unknown): Value {
    return toData(node, this.ctx.doc);
  }

  private path(path: PathSegment[]): string {
    return formatPath(this.ctx.docLabel, path);
  }

  private conflict(
    path: PathSegment[],
    reason: string,
    base: unknown,
    ours: unknown,
    theirs: unknown,
  ) {
    this.ctx.conflicts.push({
      path: this.path(path),
      reason,
      base: this.data(base),
      mx: this.data(ours),
      yours: this.data(theirs),
    });
  }

  private applied(path: PathSegment[], change: StructuralChange['change']) {
    this.ctx.applied.push({ path: this.path(path), change });
  }

  private kept(path: PathSegment[], change: StructuralChange['change']) {
    this.ctx.kept.push({ path: this.path(path), change });
  }

  /**
   * Merges one value. `undefined` means absent. Returns the node to put where `theirs` was
   * (`theirs` itself, changed in place, whenever possible).
   */
  merge(
    base: unknown,
    ours: unknown,
    theirs: unknown,
    path: PathSegment[],
  ): unknown {
    const b = this.data(base);
    const o = this.data(ours);
    const t = this.data(theirs);
    if (sameData(o, b)) {
      if (!sameData(t, b))
        this.kept(path, b === undefined ? 'added' : 'changed');
      return theirs;
    }
    if (sameData(o, t)) return theirs;
    if (isMap(ours) && isMap(theirs) && isMapLike(base)) {
      this.mergeMap(base, ours, theirs, path);
      return theirs;
    }
    if (isSeq(ours) && isSeq(theirs) && isSeqLike(base)) {
      return this.mergeSeq(base, ours, theirs, path);
    }
    if (sameData(t, b)) {
      this.applied(path, b === undefined ? 'added' : 'changed');
      return this.adopt(ours, theirs);
    }
    if (
      isScalar(theirs) &&
      typeof b === 'string' &&
      typeof o === 'string' &&
      typeof t === 'string' &&
      (o.includes('\n') || t.includes('\n'))
    ) {
      // Multi-line text (a script, a block of values): merged line by line inside the value.
      const lines = mergeThreeWay({ base: b, render: o, edited: t });
      if (lines.clean) {
        theirs.value = lines.text;
        this.applied(path, 'changed');
        return theirs;
      }
    }
    this.conflict(
      path,
      b === undefined
        ? 'you and MX both added it, with different values'
        : 'you and MX both changed it, differently',
      base,
      ours,
      theirs,
    );
    return theirs;
  }

  /** The new render's value in place of the user's unchanged one, in the user's scalar style. */
  private adopt(ours: unknown, theirs: unknown): unknown {
    if (
      isScalar(ours) &&
      isScalar(theirs) &&
      typeof ours.value === typeof theirs.value &&
      !(
        typeof ours.value === 'string' &&
        String(ours.value).includes('\n') !==
          String(theirs.value).includes('\n')
      )
    ) {
      (theirs as Scalar).value = ours.value;
      return theirs;
    }
    return cloneNode(ours);
  }

  mergeMap(base: unknown, ours: YAMLMap, theirs: YAMLMap, path: PathSegment[]) {
    const doc = this.ctx.doc;
    const b = pairsOf(base, doc);
    const o = pairsOf(ours, doc);
    const t = pairsOf(theirs, doc);
    for (const [k, tp] of t) {
      const bp = b.get(k);
      const op = o.get(k);
      const at = [...path, { key: k }];
      if (!op) {
        if (!bp) {
          this.kept(at, 'added');
        } else if (sameData(this.data(tp.value), this.data(bp.value))) {
          theirs.items.splice(theirs.items.indexOf(tp), 1);
          this.applied(at, 'removed');
        } else {
          this.conflict(
            at,
            'MX no longer renders it, but you changed it: kept yours',
            bp.value,
            undefined,
            tp.value,
          );
        }
        continue;
      }
      tp.value = this.merge(bp ? bp.value : undefined, op.value, tp.value, at);
    }
    const oursOrder = [...o.keys()];
    oursOrder.forEach((k, i) => {
      if (t.has(k)) return;
      const op = o.get(k)!;
      const bp = b.get(k);
      const at = [...path, { key: k }];
      if (bp) {
        if (sameData(this.data(op.value), this.data(bp.value))) {
          this.kept(at, 'removed');
        } else {
          this.conflict(
            at,
            'you removed it, but MX changed it: kept your removal',
            bp.value,
            op.value,
            undefined,
          );
        }
        return;
      }
      const resultIds = (theirs.items as Pair[]).map(p => keyOf(p, doc));
      theirs.items.splice(
        insertionIndex(oursOrder, i, resultIds),
        0,
        cloneNode(op),
      );
      this.applied(at, 'added');
    });
  }

  /** Which key identifies the items of three lists of maps, if one does. */
  private itemKey(
    candidates: string[],
    lists: unknown[][],
  ): string | undefined {
    for (const key of candidates) {
      const fits = lists.every(list => {
        const seen = new Set<string>();
        return list.every(item => {
          if (!isMap(item)) return false;
          const v = item.get(key, true);
          if (!isScalar(v) || v.value === null || typeof v.value === 'object') {
            return false;
          }
          const id = String(v.value);
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        });
      });
      if (fits) return key;
    }
    return undefined;
  }

  mergeSeq(
    base: unknown,
    ours: YAMLSeq,
    theirs: YAMLSeq,
    path: PathSegment[],
  ): unknown {
    const lists = [itemsOf(base), itemsOf(ours), itemsOf(theirs)];
    const rule = listStrategyFor(this.ctx.kind, schemaPathOf(path));
    let strategy: ListStrategy = rule ?? 'sequence';
    if (
      !rule &&
      lists.some(l => l.length > 0) &&
      lists.every(l => l.every(isMap))
    ) {
      strategy = { keys: DEFAULT_NAMED_KEYS };
    }
    if (typeof strategy === 'object') {
      const key = this.itemKey(strategy.keys, lists);
      if (key) {
        this.mergeKeyed(key, lists, theirs, path);
        return theirs;
      }
      strategy = 'sequence';
    }
    if (strategy === 'set') {
      this.mergeSet(lists, theirs, path);
      return theirs;
    }
    return this.mergeSequence(base, ours, theirs, path);
  }

  private mergeKeyed(
    key: string,
    [bItems, oItems, tItems]: unknown[][],
    theirs: YAMLSeq,
    path: PathSegment[],
  ) {
    const idOf = (item: unknown) =>
      String(((item as YAMLMap).get(key, true) as Scalar).value);
    const index = (items: unknown[]) =>
      new Map(items.map(item => [idOf(item), item]));
    const b = index(bItems);
    const o = index(oItems);
    const t = index(tItems);
    const at = (id: string) => [...path, { item: key, value: id }];
    for (const [id, ti] of t) {
      const bi = b.get(id);
      const oi = o.get(id);
      if (!oi) {
        if (!bi) {
          this.kept(at(id), 'added');
        } else if (sameData(this.data(ti), this.data(bi))) {
          theirs.items.splice(theirs.items.indexOf(ti), 1);
          this.applied(at(id), 'removed');
        } else {
          this.conflict(
            at(id),
            'MX no longer renders this item, but you changed it: kept yours',
            bi,
            undefined,
            ti,
          );
        }
        continue;
      }
      const merged = this.merge(bi, oi, ti, at(id));
      if (merged !== ti) theirs.items[theirs.items.indexOf(ti)] = merged;
    }
    const oursOrder = [...o.keys()];
    oursOrder.forEach((id, i) => {
      if (t.has(id)) return;
      const oi = o.get(id)!;
      const bi = b.get(id);
      if (bi) {
        if (sameData(this.data(oi), this.data(bi))) {
          this.kept(at(id), 'removed');
        } else {
          this.conflict(
            at(id),
            'you removed this item, but MX changed it: kept your removal',
            bi,
            oi,
            undefined,
          );
        }
        return;
      }
      const resultIds = theirs.items.map(idOf);
      theirs.items.splice(
        insertionIndex(oursOrder, i, resultIds),
        0,
        cloneNode(oi),
      );
      this.applied(at(id), 'added');
    });
  }

  private mergeSet(
    [bItems, oItems, tItems]: unknown[][],
    theirs: YAMLSeq,
    path: PathSegment[],
  ) {
    const fp = (item: unknown) => fingerprint(this.data(item));
    const b = new Set(bItems.map(fp));
    const o = new Set(oItems.map(fp));
    const t = new Set(tItems.map(fp));
    for (const ti of tItems) {
      const id = fp(ti);
      if (b.has(id) && !o.has(id)) {
        theirs.items.splice(theirs.items.indexOf(ti), 1);
        this.applied([...path, { member: this.data(ti) }], 'removed');
      } else if (!b.has(id)) {
        this.kept([...path, { member: this.data(ti) }], 'added');
      }
    }
    for (const id of b) {
      if (!t.has(id) && o.has(id)) {
        this.kept([...path, { member: JSON.parse(id) }], 'removed');
      }
    }
    const oursOrder = oItems.map(fp);
    oItems.forEach((oi, i) => {
      const id = oursOrder[i];
      if (b.has(id) || t.has(id)) return;
      const resultIds = theirs.items.map(fp);
      if (resultIds.includes(id)) return;
      theirs.items.splice(
        insertionIndex(oursOrder, i, resultIds),
        0,
        cloneNode(oi),
      );
      this.applied([...path, { member: this.data(oi) }], 'added');
    });
  }

  /** Ordered lists: diff3 over whole items; an overlapping change is one conflict on the list. */
  private mergeSequence(
    base: unknown,
    ours: YAMLSeq,
    theirs: YAMLSeq,
    path: PathSegment[],
  ): unknown {
    const fp = (item: unknown) => fingerprint(this.data(item));
    const bItems = itemsOf(base);
    const regions = diff3Merge(
      theirs.items.map(fp),
      bItems.map(fp),
      ours.items.map(fp),
      { excludeFalseConflicts: true },
    );
    if (regions.some(r => r.conflict)) {
      this.conflict(
        path,
        'you and MX both changed this list at the same place',
        base,
        ours,
        theirs,
      );
      return theirs;
    }
    const pool = (items: unknown[]) => {
      const m = new Map<string, unknown[]>();
      for (const item of items) {
        const id = fp(item);
        m.set(id, [...(m.get(id) ?? []), item]);
      }
      return m;
    };
    const fromTheirs = pool(theirs.items);
    const fromOurs = pool(ours.items);
    const merged: unknown[] = [];
    for (const r of regions) {
      for (const id of r.ok ?? []) {
        const mine = fromTheirs.get(id);
        if (mine?.length) merged.push(mine.shift());
        else merged.push(cloneNode(fromOurs.get(id)!.shift()));
      }
    }
    theirs.items = merged;
    this.applied(path, 'changed');
    return theirs;
  }
}
