/*
 * Random catalog entities and random edits of them, for the structural merge's property tests
 * (../structural.property.test.ts).
 */
import fc from 'fast-check';

export interface Entity {
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
export const entity: fc.Arbitrary<Entity> = fc.record({
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
export interface EditChoice {
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
export const editChoice: fc.Arbitrary<EditChoice> = fc.record({
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

export interface Edit {
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
export function disjointEdits(
  base: Entity,
  ours: EditChoice[],
  theirs: EditChoice[],
) {
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

export const applyAll = (base: Entity, edits: Edit[]): Entity => {
  const e = structuredClone(base);
  for (const x of edits) x.apply(e);
  return e;
};
