/* Plain data of `yaml` nodes (equality, identity) and the node helpers the merge shares. */
import { Document, Pair, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';

type Value = unknown;

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

export function cloneNode<T>(node: T): T {
  if (isNode(node)) return node.clone() as T;
  if (isPair(node)) {
    const p = new Pair(cloneNode(node.key), cloneNode(node.value));
    return p as T;
  }
  return node;
}

export function keyOf(pair: Pair, doc: Document): string {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return fingerprint(toData(k, doc));
}

export function isMapLike(node: unknown): boolean {
  return (
    node === undefined ||
    node === null ||
    isMap(node) ||
    (isScalar(node) && node.value === null)
  );
}

export function isSeqLike(node: unknown): boolean {
  return (
    node === undefined ||
    node === null ||
    isSeq(node) ||
    (isScalar(node) && node.value === null)
  );
}

export function pairsOf(node: unknown, doc: Document): Map<string, Pair> {
  const out = new Map<string, Pair>();
  if (isMap(node)) {
    for (const p of node.items as Pair[]) out.set(keyOf(p, doc), p);
  }
  return out;
}

export function itemsOf(node: unknown): unknown[] {
  return isSeq(node) ? [...node.items] : [];
}

/**
 * Where to insert an item that only `ours` has: after the nearest earlier item of `ours` that the
 * result has, else before the nearest later one, else at the end.
 */
export function insertionIndex(
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
