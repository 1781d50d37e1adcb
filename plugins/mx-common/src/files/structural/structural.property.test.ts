/*
 * Property tests of the structural merge: random edits on disjoint paths of a random catalog
 * entity (add/change/delete keys, named list items and set members, reordered keys, comments).
 */
import fc from 'fast-check';
import { Pair, isMap, isScalar, parseDocument, stringify } from 'yaml';
import { mergeStructured } from '.';
import {
  Entity,
  applyAll,
  disjointEdits,
  editChoice,
  entity,
} from './__testUtils__/propertyEdits';

/** Lists whose order the merge may choose (named items, sets) sorted; maps compared by content. */
function normalize(value: unknown): unknown {
  const e = structuredClone(value) as Entity;
  e.metadata.tags = [...(e.metadata.tags ?? [])].sort();
  e.metadata.links = [...(e.metadata.links ?? [])].sort((a, b) =>
    a.url.localeCompare(b.url),
  );
  e.spec.items = [...(e.spec.items ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return e;
}

/** The user's file: their edits, plus comments on some keys and their annotations reordered. */
function userFile(value: Entity, comments: number[], reorder: boolean) {
  const doc = parseDocument(stringify(value));
  const added: { key: string; text: string }[] = [];
  const annotations = doc.getIn(['metadata', 'annotations'], true);
  if (isMap(annotations)) {
    if (reorder) annotations.items.reverse();
    for (const n of comments) {
      const pair = annotations.items[n % (annotations.items.length || 1)] as
        | Pair
        | undefined;
      if (pair && isScalar(pair.key) && !pair.key.commentBefore) {
        const comment = ` note ${String(pair.key.value)}`;
        pair.key.commentBefore = comment;
        added.push({ key: String(pair.key.value), text: `#${comment}` });
      }
    }
  }
  const config = doc.getIn(['spec', 'config'], true);
  if (isMap(config) && reorder) config.items.reverse();
  return { text: doc.toString(), comments: added };
}

const merge = (base: string, render: string, edited: string) => {
  const r = mergeStructured({
    path: 'catalog-info.yaml',
    base,
    render,
    edited,
  });
  if (!r.ok) throw new Error(r.reason);
  return r;
};

describe('mergeStructured properties', () => {
  const scenario = fc.record({
    base: entity,
    ours: fc.array(editChoice, { maxLength: 5 }),
    theirs: fc.array(editChoice, { maxLength: 5 }),
    comments: fc.array(fc.nat(), { maxLength: 3 }),
    reorder: fc.boolean(),
  });

  it("contains both sides' changes when they edit disjoint paths, without conflicts, and keeps the user's comments and key order", () => {
    fc.assert(
      fc.property(scenario, s => {
        const { o, t } = disjointEdits(s.base, s.ours, s.theirs);
        const baseText = stringify(s.base);
        const oursText = stringify(applyAll(s.base, o));
        const theirs = userFile(applyAll(s.base, t), s.comments, s.reorder);
        const r = merge(baseText, oursText, theirs.text);
        expect(r.conflicts).toEqual([]);
        const merged = parseDocument(r.text).toJS();
        expect(normalize(merged)).toEqual(
          normalize(applyAll(s.base, [...o, ...t])),
        );
        // Comments stay with their keys (a key the new render removes takes its comment along).
        const surviving = theirs.comments.filter(
          c => c.key in merged.metadata.annotations,
        );
        for (const c of surviving) {
          expect(r.text).toContain(`${c.text}\n    ${c.key}:`);
        }
        // The user's annotation order is kept for every key the user has.
        const userKeys = Object.keys(
          parseDocument(theirs.text).toJS().metadata.annotations,
        );
        const mergedKeys = Object.keys(merged.metadata.annotations).filter(k =>
          userKeys.includes(k),
        );
        expect(mergedKeys).toEqual(
          userKeys.filter(k => mergedKeys.includes(k)),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same result with ours and theirs swapped (up to order)', () => {
    fc.assert(
      fc.property(scenario, s => {
        const { o, t } = disjointEdits(s.base, s.ours, s.theirs);
        const baseText = stringify(s.base);
        const a = stringify(applyAll(s.base, o));
        const b = stringify(applyAll(s.base, t));
        const ab = parseDocument(merge(baseText, a, b).text).toJS();
        const ba = parseDocument(merge(baseText, b, a).text).toJS();
        expect(normalize(ab)).toEqual(normalize(ba));
      }),
      { numRuns: 150 },
    );
  });

  it('is the identity when a side is unchanged', () => {
    fc.assert(
      fc.property(scenario, s => {
        const { o, t } = disjointEdits(s.base, s.ours, s.theirs);
        const baseText = stringify(s.base);
        const oursText = stringify(applyAll(s.base, o));
        const theirs = userFile(applyAll(s.base, t), s.comments, s.reorder);
        // Nothing new rendered: the user's file, byte for byte.
        expect(merge(baseText, baseText, theirs.text).text).toBe(theirs.text);
        expect(merge(baseText, baseText, baseText).text).toBe(baseText);
        // Nothing edited: the new render.
        const r = merge(baseText, oursText, baseText);
        expect(r.conflicts).toEqual([]);
        expect(normalize(parseDocument(r.text).toJS())).toEqual(
          normalize(applyAll(s.base, o)),
        );
      }),
      { numRuns: 150 },
    );
  });
});
