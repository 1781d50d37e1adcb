/**
 * MLflow's search filter grammar, the subset the stand-in understands:
 * `<entity>.<key> <op> <value>` joined by `and` (no `or`, as in MLflow), entities
 * metrics/params/tags/attributes, comparators = != < <= > >= LIKE ILIKE (NOT LIKE).
 * Replays mlflow/utils/search_utils.py (`SearchUtils.parse_search_filter`) and its error
 * messages, as documented in https://mlflow.org/docs/latest/search-runs.html.
 */
import { invalid } from '../errors';
import type { StandInRun } from '../types';

export type Entity = 'metrics' | 'params' | 'tags' | 'attributes';
export type Clause = {
  entity: Entity;
  key: string;
  op: string;
  value: string | number;
};

const ENTITY_ALIASES: Record<string, Entity> = {
  metric: 'metrics',
  metrics: 'metrics',
  param: 'params',
  params: 'params',
  parameter: 'params',
  parameters: 'params',
  tag: 'tags',
  tags: 'tags',
  attribute: 'attributes',
  attributes: 'attributes',
  attr: 'attributes',
  run: 'attributes',
};
const ATTRIBUTES = new Set([
  'status',
  'run_name',
  'run_id',
  'start_time',
  'end_time',
  'artifact_uri',
]);
const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time']);
const STRING_OPS = ['=', '!=', 'LIKE', 'ILIKE', 'NOT LIKE'];
const LIKE_OPS = ['LIKE', 'ILIKE', 'NOT LIKE'];

/** Parses `metrics.rmse`, ``tags.`mlflow.user` ``, `params."a b"`. */
export function parseIdentifier(raw: string): { entity: Entity; key: string } {
  const m = /^([A-Za-z_]+)\.(?:`([^`]+)`|"([^"]+)"|([\w.\-/ ]+?))$/.exec(
    raw.trim(),
  );
  if (!m) invalid(`Invalid identifier '${raw.trim()}'`);
  const entity = ENTITY_ALIASES[m[1].toLowerCase()];
  if (!entity)
    invalid(
      `Invalid entity type '${m[1]}'. Valid values are ['metric', 'parameter', 'tag', 'attribute']`,
    );
  const key = m[2] ?? m[3] ?? m[4];
  if (entity === 'attributes' && !ATTRIBUTES.has(key)) {
    invalid(
      `Invalid attribute key '${key}' specified. Valid keys are '${[
        ...ATTRIBUTES,
      ].join("', '")}'`,
    );
  }
  return { entity, key };
}

function checkClause(clause: Clause, rawValue: string, quoted: boolean) {
  const { entity, key, op } = clause;
  const numeric =
    entity === 'metrics' ||
    (entity === 'attributes' && NUMERIC_ATTRIBUTES.has(key));
  if (numeric && quoted) {
    invalid(
      `Expected numeric value type for metric or numeric attribute '${key}'. Found ${rawValue}`,
    );
  }
  if (!numeric && !quoted) {
    invalid(
      `Value must be enclosed in quotes for '${entity}.${key}'. Found ${rawValue}`,
    );
  }
  if (!numeric && !STRING_OPS.includes(op)) {
    invalid(
      `Invalid comparator '${op}' not one of '['!=', '=', 'LIKE', 'ILIKE']' for '${entity}.${key}'`,
    );
  }
  if (numeric && LIKE_OPS.includes(op)) {
    invalid(`Invalid comparator '${op}' for numeric '${entity}.${key}'`);
  }
}

/** Parses the simple MLflow filter grammar: `<entity>.<key> <op> <value> [and ...]`. */
export function parseRunFilter(filter: string | undefined): Clause[] {
  if (!filter || !filter.trim()) return [];
  const clauses: Clause[] = [];
  const re =
    /\s*((?:[A-Za-z_]+)\.(?:`[^`]+`|"[^"]+"|[\w.\-/]+))\s*(!=|<=|>=|=|<|>|\bNOT\s+LIKE\b|\bILIKE\b|\bLIKE\b)\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?:\band\b|$)/iy;
  let pos = 0;
  const text = filter.trim();
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m)
      invalid(
        `Error on parsing filter '${filter}' near '${text.slice(
          pos,
          pos + 30,
        )}'`,
      );
    const { entity, key } = parseIdentifier(m[1]);
    const op = m[2].toUpperCase().replace(/\s+/g, ' ');
    const rawValue = m[3];
    const quoted = rawValue.startsWith("'") || rawValue.startsWith('"');
    const value = quoted
      ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1')
      : Number(rawValue);
    const clause = { entity, key, op, value };
    checkClause(clause, rawValue, quoted);
    clauses.push(clause);
    pos = m.index + m[0].length;
  }
  return clauses;
}

/** SQL LIKE (`%` any run, `_` one character) as a regular expression. */
export function likeToRegExp(pattern: string, flags: string) {
  const body = pattern
    .split('')
    .map(c => {
      if (c === '%') return '.*';
      if (c === '_') return '.';
      return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, flags);
}

/** The value a filter or an ordering compares for one run. */
export function valueOf(
  run: StandInRun,
  entity: Entity,
  key: string,
): string | number | undefined {
  switch (entity) {
    case 'metrics':
      return run.metrics.find(m => m.key === key)?.value;
    case 'params':
      return run.params[key];
    case 'tags':
      return run.tags[key];
    default:
      return (run as unknown as Record<string, string | number | undefined>)[
        key
      ];
  }
}

/** Whether a run satisfies one clause (a run without the key never matches, like MLflow). */
export function matches(run: StandInRun, clause: Clause): boolean {
  const v = valueOf(run, clause.entity, clause.key);
  if (v === undefined) return false;
  const c = clause.value;
  switch (clause.op) {
    case '=':
      return v === c;
    case '!=':
      return v !== c;
    case '<':
      return v < c;
    case '<=':
      return v <= c;
    case '>':
      return v > c;
    case '>=':
      return v >= c;
    case 'LIKE':
      return likeToRegExp(String(c), '').test(String(v));
    case 'ILIKE':
      return likeToRegExp(String(c), 'i').test(String(v));
    case 'NOT LIKE':
      return !likeToRegExp(String(c), '').test(String(v));
    default:
      return false;
  }
}

/**
 * The one-clause filter of the experiment and model registry searches:
 * `name = '...'`, `name LIKE '...'`, `run_id = '...'`.
 */
export function nameFilter(
  filter: unknown,
): (v: Record<string, unknown>) => boolean {
  if (typeof filter !== 'string' || !filter.trim()) return () => true;
  const m = /^\s*(name|run_id)\s*(=|LIKE|ILIKE)\s*'([^']*)'\s*$/i.exec(filter);
  if (!m) invalid(`Unsupported filter '${filter}'`);
  const key = m[1].toLowerCase();
  const op = m[2].toUpperCase();
  return v =>
    op === '='
      ? v[key] === m[3]
      : likeToRegExp(m[3], op === 'ILIKE' ? 'i' : '').test(
          String(v[key] ?? ''),
        );
}
