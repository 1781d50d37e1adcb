import { LineCounter, parseDocument, stringify, isNode } from 'yaml';
import { z } from 'zod';
import { StateFileError } from './errors';
import {
  STATE_API_VERSION,
  STATE_FILE_PATH,
  STATE_KIND,
  ProjectState,
  projectSchema,
  projectStateSchema,
} from './schema';

const TOP_LEVEL_ORDER = [
  'apiVersion',
  'kind',
  'project',
  'generators',
  'files',
  'infrastructure',
  'deployments',
] as const;
const PROJECT_ORDER = Object.keys(projectSchema.shape);
const INFRA_ORDER = [
  'backend',
  'operatorServiceAccount',
  'lastPlan',
  'lastApply',
  'outputs',
];
const GENERATOR_ORDER = ['version', 'values', 'appliedAt', 'appliedBy'];

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map(k => [k, sortedDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function ordered(
  obj: Record<string, unknown>,
  order: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj).sort())
    if (!(k in out) && obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/**
 * The canonical text of a state: fixed key order, records sorted by key, so that the same state
 * always serializes to the same bytes (and re-running a generator gives an empty diff).
 */
export function serializeState(state: ProjectState): string {
  const doc = {
    ...ordered(state as unknown as Record<string, unknown>, TOP_LEVEL_ORDER),
    project: ordered(state.project, PROJECT_ORDER),
    generators: Object.fromEntries(
      Object.keys(state.generators)
        .sort()
        .map(id => [
          id,
          ordered(
            {
              ...state.generators[id],
              values: sortedDeep(state.generators[id].values),
            },
            GENERATOR_ORDER,
          ),
        ]),
    ),
    files: sortedDeep(state.files),
    infrastructure: ordered(
      {
        ...state.infrastructure,
        outputs: sortedDeep(state.infrastructure.outputs),
      },
      INFRA_ORDER,
    ),
    deployments: sortedDeep(state.deployments),
  };
  return `# Managed by MX for Backstage: every answer and every applied generator of this project.\n# Edit with care; generators read it and keep it valid.\n${stringify(
    doc,
    { lineWidth: 0 },
  )}`;
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`,
    )
    .join('');
}

/**
 * Reads a state file's text. Throws {@link StateFileError} naming the file, the line and path,
 * and what was expected; a state written by a newer MX is refused, never rewritten.
 */
export function parseState(
  text: string,
  file: string = STATE_FILE_PATH,
): ProjectState {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new StateFileError({
      file,
      line: lineCounter.linePos(err.pos[0]).line,
      reason: `not valid YAML: ${err.message.split('\n')[0]}`,
    });
  }
  const raw = doc.toJS();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new StateFileError({
      file,
      reason: `expected a mapping with apiVersion '${STATE_API_VERSION}' and kind '${STATE_KIND}'`,
    });
  }
  const lineOf = (path: PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) {
        return lineCounter.linePos(node.range[0]).line;
      }
    }
    return undefined;
  };
  if (raw.apiVersion !== STATE_API_VERSION) {
    const newer =
      typeof raw.apiVersion === 'string' &&
      raw.apiVersion.startsWith('mx.backstage.io/');
    throw new StateFileError({
      file,
      path: 'apiVersion',
      line: lineOf(['apiVersion']),
      reason: newer
        ? `apiVersion '${raw.apiVersion}' is not supported by this release of MX (it reads '${STATE_API_VERSION}'); upgrade the MX plugins instead of editing the file — it is left untouched`
        : `expected apiVersion '${STATE_API_VERSION}', found ${JSON.stringify(
            raw.apiVersion,
          )}`,
    });
  }
  const result = projectStateSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new StateFileError({
      file,
      path: formatPath(issue.path),
      line: lineOf(issue.path),
      reason: describeIssue(issue),
    });
  }
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key(s) ${issue.keys.map(k => `'${k}'`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `missing; expected ${issue.expected}`;
  }
  return issue.message;
}
