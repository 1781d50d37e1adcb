/*
 * Property tests of the structural merge: random edits on disjoint paths of a random catalog
 * entity (add/change/delete keys, named list items and set members, reordered keys, comments).
 */
import fc from 'fast-check';
import { parseDocument, stringify, isMap, isScalar, Pair } from 'yaml';
import { mergeStructured } from '.';

interface Entity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    tags: string[];
    annotations: Record<string, string>;
    links: { url: string; title: string }[];
  };
  spec: {
    items: { name: string; value: number }[];
    config: Record<string, string | number>;
  };
}

const word = fc.stringMatching(/^[a-z]{1,6}$/);
const entity: fc.Arbitrary<Entity> = fc.record({
  apiVersion: fc.constant('backstage.io/v1alpha1'),
  kind: fc.constant('Component'),
  metadata: fc.record({
    name: fc.constant('fraud-detection'),
    tags: fc.uniqueArray(word, { maxLength: 4 }),
    annotations: fc.dictionary(
      word.map(w => `mx.backstage.io/${w}`),
      word,
      { maxKeys: 5 },
    ),
    links: fc.uniqueArray(
      fc.record({
        url: word.map(w => `https://${w}.example.com/`),
        title: word,
      }),
      { maxLength: 4, selector: l => l.url },
    ),
  }),
  spec: fc.record({
    items: fc.uniqueArray(
      fc.record({ name: word, value: fc.integer({ min: 0, max: 9 }) }),
      { maxLength: 4, selector: i => i.name },
    ),
    config: fc.dictionary(
      word,
      fc.oneof(word, fc.integer({ min: 0, max: 99 })),
      {
        maxKeys: 4,
      },
    ),
  }),
});

/** An edit chosen without knowing the base: `pick` selects an existing target modulo their count. */
interface EditChoice {
  op:
    | 'setAnnotation'
    | 'deleteAnnotation'
    | 'addAnnotation'
    | 'addTag'
    | 'deleteTag'
    | 'addLink'
    | 'deleteLink'
    | 'retitleLink'
    | 'addItem'
    | 'deleteItem'
    | 'changeItem'
    | 'setConfig'
    | 'deleteConfig'
    | 'addConfig';
  pick: number;
  value: string;
}
const editChoice: fc.Arbitrary<EditChoice> = fc.record({
  op: fc.constantFrom<EditChoice['op']>(
    'setAnnotation',
    'deleteAnnotation',
    'addAnnotation',
    'addTag',
    'deleteTag',
    'addLink',
    'deleteLink',
    'retitleLink',
    'addItem',
    'deleteItem',
    'changeItem',
    'setConfig',
    'deleteConfig',
    'addConfig',
  ),
  pick: fc.nat(),
  value: word,
});

interface Edit {
  /** Where the edit lands; edits of the two sides must not overlap (neither a prefix of the other). */
  site: string[];
  apply: (e: Entity) => void;
}

const nth = <T>(list: T[], pick: number): T | undefined =>
  list.length ? list[pick % list.length] : undefined;

/** The concrete edit of one side (`side` makes new keys unique to it), or undefined if none fits. */
function resolve(c: EditChoice, base: Entity, side: string): Edit | undefined {
  const annotationKeys = Object.keys(base.metadata.annotations);
  const configKeys = Object.keys(base.spec.config);
  const fresh = `${side}${c.value}`;
  switch (c.op) {
    case 'setAnnotation': {
      const k = nth(annotationKeys, c.pick);
      return k === undefined
        ? undefined
        : {
            site: ['annotations', k],
            apply: e => {
              e.metadata.annotations[k] = fresh;
            },
          };
    }
    case 'deleteAnnotation': {
      const k = nth(annotationKeys, c.pick);
      return k === undefined
        ? undefined
        : {
            site: ['annotations', k],
            apply: e => {
              delete e.metadata.annotations[k];
            },
          };
    }
    case 'addAnnotation': {
      const k = `example.com/${fresh}`;
      return {
        site: ['annotations', k],
        apply: e => {
          e.metadata.annotations[k] = c.value;
        },
      };
    }
    case 'addTag':
      return {
        site: ['tags', fresh],
        apply: e => {
          if (!e.metadata.tags.includes(fresh)) e.metadata.tags.push(fresh);
        },
      };
    case 'deleteTag': {
      const t = nth(base.metadata.tags, c.pick);
      return t === undefined
        ? undefined
        : {
            site: ['tags', t],
            apply: e => {
              e.metadata.tags = e.metadata.tags.filter(x => x !== t);
            },
          };
    }
    case 'addLink': {
      const url = `https://${fresh}.example.org/`;
      return {
        site: ['links', url],
        apply: e => {
          if (!e.metadata.links.some(l => l.url === url)) {
            e.metadata.links.push({ url, title: c.value });
          }
        },
      };
    }
    case 'deleteLink':
    case 'retitleLink': {
      const l = nth(base.metadata.links, c.pick);
      if (!l) return undefined;
      return {
        site: ['links', l.url],
        apply: e => {
          if (c.op === 'deleteLink') {
            e.metadata.links = e.metadata.links.filter(x => x.url !== l.url);
          } else {
            e.metadata.links.find(x => x.url === l.url)!.title = fresh;
          }
        },
      };
    }
    case 'addItem': {
      const name = `${fresh}`;
      return {
        site: ['items', name],
        apply: e => {
          if (!e.spec.items.some(i => i.name === name)) {
            e.spec.items.push({ name, value: c.pick % 10 });
          }
        },
      };
    }
    case 'deleteItem':
    case 'changeItem': {
      const item = nth(base.spec.items, c.pick);
      if (!item) return undefined;
      return {
        site: ['items', item.name],
        apply: e => {
          if (c.op === 'deleteItem') {
            e.spec.items = e.spec.items.filter(i => i.name !== item.name);
          } else {
            e.spec.items.find(i => i.name === item.name)!.value = 100 + c.pick;
          }
        },
      };
    }
    case 'setConfig':
    case 'deleteConfig': {
      const k = nth(configKeys, c.pick);
      if (k === undefined) return undefined;
      return {
        site: ['config', k],
        apply: e => {
          if (c.op === 'deleteConfig') delete e.spec.config[k];
          else e.spec.config[k] = fresh;
        },
      };
    }
    case 'addConfig': {
      const k = fresh;
      return {
        site: ['config', k],
        apply: e => {
          e.spec.config[k] = c.pick;
        },
      };
    }
    default:
      return undefined;
  }
}

const overlaps = (a: string[], b: string[]) =>
  a.every((s, i) => i >= b.length || b[i] === s) ||
  b.every((s, i) => i >= a.length || a[i] === s);

/** Edits of each side, dropping any of theirs that overlaps one of ours or an earlier one. */
function disjointEdits(base: Entity, ours: EditChoice[], theirs: EditChoice[]) {
  const pick = (choices: EditChoice[], side: string, taken: Edit[]) => {
    const out: Edit[] = [];
    for (const c of choices) {
      const e = resolve(c, base, side);
      if (e && ![...taken, ...out].some(x => overlaps(x.site, e.site))) {
        out.push(e);
      }
    }
    return out;
  };
  const o = pick(ours, 'o', []);
  const t = pick(theirs, 't', o);
  return { o, t };
}

const applyAll = (base: Entity, edits: Edit[]): Entity => {
  const e = structuredClone(base);
  for (const x of edits) x.apply(e);
  return e;
};

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
