/*
 * The node-level three-way merge: base (MX's last render), ours (the new render) and theirs (the
 * user's file) as `yaml` nodes. The result is built inside the user's document, so every comment,
 * key order, quoting and blank line of theirs stays where nothing conflicting happened.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import { mergeThreeWay } from '../merge';
import { ListMerger, mergeSeq } from './lists';
import {
  cloneNode,
  insertionIndex,
  isMapLike,
  isSeqLike,
  keyOf,
  pairsOf,
  sameData,
  toData,
} from './nodes';
import {
  PathSegment,
  StructuralChange,
  TreeMergeContext,
  formatPath,
} from './paths';

type Value = unknown;

export class TreeMerger implements ListMerger {
  constructor(readonly ctx: TreeMergeContext) {}

  data(node: unknown): Value {
    return toData(node, this.ctx.doc);
  }

  private path(path: PathSegment[]): string {
    return formatPath(this.ctx.docLabel, path);
  }

  conflict(
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

  applied(path: PathSegment[], change: StructuralChange['change']) {
    this.ctx.applied.push({ path: this.path(path), change });
  }

  kept(path: PathSegment[], change: StructuralChange['change']) {
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

  mergeSeq(
    base: unknown,
    ours: YAMLSeq,
    theirs: YAMLSeq,
    path: PathSegment[],
  ): unknown {
    return mergeSeq(this, base, ours, theirs, path);
  }
}
