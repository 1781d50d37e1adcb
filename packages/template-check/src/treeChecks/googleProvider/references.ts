import { didYouMean } from '../../lib/didYouMean';
import {
  GoogleProviderSchema,
  SchemaField,
  SchemaNode,
} from '../../terraform/googleSchema';

export interface Declared {
  kind: 'resource' | 'data';
  type: string;
  name: string;
  /** Declared with `count` or `for_each`: references need an instance key. */
  multiple: boolean;
}

export const address = (d: { kind: string; type: string; name: string }) =>
  `${d.kind === 'data' ? 'data.' : ''}${d.type}.${d.name}`;

/** A reference's traversal after the resource address: `.attr`, `[key]`, `[*]`, `.*`. */
type Step = { attr: string } | { index: string };

function parseSteps(rest: string): Step[] {
  const steps: Step[] = [];
  const re = /\.([A-Za-z_][\w-]*)|\[([^\][]*)\]|\.\*/g;
  let at = 0;
  for (const m of rest.matchAll(re)) {
    if (m.index !== at) break;
    at = m.index + m[0].length;
    if (m[1] !== undefined) steps.push({ attr: m[1] });
    else steps.push({ index: m[2] ?? '*' });
  }
  return steps;
}

/** Checks the attribute path a reference reads from a resource or data source. */
function checkPath(
  steps: Step[],
  node: SchemaNode,
  ref: string,
  type: string,
): string | undefined {
  let current: SchemaNode | undefined = node;
  let shape: SchemaField['shape'] | 'start' = 'start';
  let pathSoFar = '';
  for (let i = 0; i < steps.length && current; i++) {
    const step = steps[i];
    if ('index' in step) {
      if (shape === 'object')
        return `${ref}: '${pathSoFar}' is a single object: read '${pathSoFar}.<attribute>', not an index`;
      pathSoFar += `[${step.index}]`;
      shape = 'start';
      continue;
    }
    if (shape === 'list')
      return `${ref}: '${pathSoFar}' is a list of blocks: read '${pathSoFar}[0].${step.attr}'`;
    const field: SchemaField | undefined = current.fields[step.attr];
    if (!field) {
      return `${ref}: ${type} has no attribute '${
        pathSoFar ? `${pathSoFar}.` : ''
      }${step.attr}'${didYouMean(step.attr, Object.keys(current.fields))}`;
    }
    pathSoFar += `${pathSoFar ? '.' : ''}${step.attr}`;
    if (!field.nested) return undefined; // a value, list or map: the schema says no more
    current = field.nested;
    shape = field.shape ?? 'start';
  }
  return undefined;
}

/** `google_x.y...` / `data.google_x.y...` references in one expression. */
const REFERENCE =
  /(?<![\w.\]-])(data\.)?(google_[a-z0-9_]+)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\][]*\]|\.\*)*)/g;

export function checkReferences(
  expr: string,
  declared: Map<string, Declared>,
  schema: GoogleProviderSchema,
  errors: string[],
): void {
  for (const m of expr.matchAll(REFERENCE)) {
    const [, data, type, name, rest] = m;
    const kind = data ? 'data' : 'resource';
    const addr = `${data ?? ''}${type}.${name}`;
    const target = declared.get(addr);
    if (!target) {
      const candidates = [...declared.values()]
        .filter(d => d.kind === kind)
        .map(address);
      errors.push(
        `reference to undeclared ${
          kind === 'data' ? 'data source' : 'resource'
        } '${addr}'${didYouMean(addr, candidates)}`,
      );
      continue;
    }
    const node =
      kind === 'data' ? schema.dataSource(type) : schema.resource(type);
    if (!node) continue; // an unknown type, reported where it is declared
    let steps = parseSteps(rest);
    const ref = `${addr}${rest}`;
    if (steps.length === 0) continue; // the whole resource (depends_on, for expressions)
    if (target.multiple) {
      if (!('index' in steps[0])) {
        errors.push(
          `${ref}: '${addr}' has count or for_each: read one instance ('${addr}[<key>].${
            (steps[0] as { attr: string }).attr
          }') or all ('${addr}[*]...')`,
        );
        continue;
      }
      steps = steps.slice(1);
    } else if ('index' in steps[0] && steps[0].index !== '*') {
      errors.push(
        `${ref}: '${addr}' has no count or for_each: read it without an instance key`,
      );
      continue;
    } else if ('index' in steps[0]) steps = steps.slice(1);
    const problem = checkPath(steps, node, ref, addr);
    if (problem) errors.push(problem);
  }
}
