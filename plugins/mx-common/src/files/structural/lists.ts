/*
 * Merging lists: named items by their key, sets by value, other lists as sequences (diff3 over
 * whole items). Each item is merged back through the tree merger.
 */
import { diff3Merge } from 'node-diff3';
import { Scalar, YAMLMap, YAMLSeq, isMap, isScalar } from 'yaml';
import {
  cloneNode,
  fingerprint,
  insertionIndex,
  itemsOf,
  sameData,
} from './nodes';
import { PathSegment, StructuralChange, schemaPathOf } from './paths';
import {
  DEFAULT_NAMED_KEYS,
  FileKind,
  ListStrategy,
  listStrategyFor,
} from './rules';

/** What list merging needs of the tree merger. */
export interface ListMerger {
  readonly ctx: { kind: FileKind };
  data(node: unknown): unknown;
  conflict(
    path: PathSegment[],
    reason: string,
    ...sides: [base: unknown, ours: unknown, theirs: unknown]
  ): void;
  applied(path: PathSegment[], change: StructuralChange['change']): void;
  kept(path: PathSegment[], change: StructuralChange['change']): void;
  merge(
    base: unknown,
    ours: unknown,
    theirs: unknown,
    path: PathSegment[],
  ): unknown;
}

/** Which key identifies the items of three lists of maps, if one does. */
function itemKey(candidates: string[], lists: unknown[][]): string | undefined {
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

export function mergeSeq(
  merger: ListMerger,
  base: unknown,
  ours: YAMLSeq,
  theirs: YAMLSeq,
  path: PathSegment[],
): unknown {
  const lists = [itemsOf(base), itemsOf(ours), itemsOf(theirs)];
  const rule = listStrategyFor(merger.ctx.kind, schemaPathOf(path));
  let strategy: ListStrategy = rule ?? 'sequence';
  if (
    !rule &&
    lists.some(l => l.length > 0) &&
    lists.every(l => l.every(isMap))
  ) {
    strategy = { keys: DEFAULT_NAMED_KEYS };
  }
  if (typeof strategy === 'object') {
    const key = itemKey(strategy.keys, lists);
    if (key) {
      mergeKeyed(merger, key, lists, theirs, path);
      return theirs;
    }
    strategy = 'sequence';
  }
  if (strategy === 'set') {
    mergeSet(merger, lists, theirs, path);
    return theirs;
  }
  return mergeSequence(merger, base, ours, theirs, path);
}

function mergeKeyed(
  merger: ListMerger,
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
        merger.kept(at(id), 'added');
      } else if (sameData(merger.data(ti), merger.data(bi))) {
        theirs.items.splice(theirs.items.indexOf(ti), 1);
        merger.applied(at(id), 'removed');
      } else {
        merger.conflict(
          at(id),
          'MX no longer renders this item, but you changed it: kept yours',
          bi,
          undefined,
          ti,
        );
      }
      continue;
    }
    const merged = merger.merge(bi, oi, ti, at(id));
    if (merged !== ti) theirs.items[theirs.items.indexOf(ti)] = merged;
  }
  const oursOrder = [...o.keys()];
  oursOrder.forEach((id, i) => {
    if (t.has(id)) return;
    const oi = o.get(id)!;
    const bi = b.get(id);
    if (bi) {
      if (sameData(merger.data(oi), merger.data(bi))) {
        merger.kept(at(id), 'removed');
      } else {
        merger.conflict(
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
    merger.applied(at(id), 'added');
  });
}

function mergeSet(
  merger: ListMerger,
  [bItems, oItems, tItems]: unknown[][],
  theirs: YAMLSeq,
  path: PathSegment[],
) {
  const fp = (item: unknown) => fingerprint(merger.data(item));
  const b = new Set(bItems.map(fp));
  const o = new Set(oItems.map(fp));
  const t = new Set(tItems.map(fp));
  for (const ti of tItems) {
    const id = fp(ti);
    if (b.has(id) && !o.has(id)) {
      theirs.items.splice(theirs.items.indexOf(ti), 1);
      merger.applied([...path, { member: merger.data(ti) }], 'removed');
    } else if (!b.has(id)) {
      merger.kept([...path, { member: merger.data(ti) }], 'added');
    }
  }
  for (const id of b) {
    if (!t.has(id) && o.has(id)) {
      merger.kept([...path, { member: JSON.parse(id) }], 'removed');
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
    merger.applied([...path, { member: merger.data(oi) }], 'added');
  });
}

/** Ordered lists: diff3 over whole items; an overlapping change is one conflict on the list. */
function mergeSequence(
  merger: ListMerger,
  base: unknown,
  ours: YAMLSeq,
  theirs: YAMLSeq,
  path: PathSegment[],
) {
  const fp = (item: unknown) => fingerprint(merger.data(item));
  const bItems = itemsOf(base);
  const regions = diff3Merge(
    theirs.items.map(fp),
    bItems.map(fp),
    ours.items.map(fp),
    { excludeFalseConflicts: true },
  );
  if (regions.some(r => r.conflict)) {
    merger.conflict(
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
  merger.applied(path, 'changed');
  return theirs;
}
