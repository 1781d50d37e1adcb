/*
 * A STAND-IN for an MLflow tracking server, for tests, benchmarks and browser tests.
 *
 * A real MLflow cannot be installed on our build machines, so this is a small local HTTP server
 * (bound to 127.0.0.1 on a random port) that follows MLflow's REST contract as written in
 * mlflow/protos/service.proto and model_registry.proto (see MACHINE-NOTES.md, "MLflow REST"):
 *
 *   POST /api/2.0/mlflow/experiments/search    {max_results, page_token, filter, order_by[], view_type}
 *   POST /api/2.0/mlflow/runs/search           {experiment_ids[], filter, run_view_type, max_results, order_by[], page_token}
 *   GET  /api/2.0/mlflow/metrics/get-history   ?run_id=&metric_key=
 *   GET  /api/2.0/mlflow/registered-models/search  ?filter=&max_results=&page_token=
 *   GET  /api/2.0/mlflow/model-versions/search     ?filter=&max_results=&page_token=
 *
 * Like MLflow: empty lists and the last page's token are omitted, int64 fields (timestamps) are
 * sent as numbers for some runs and as strings for others, and errors are HTTP 4xx/5xx with
 * `{error_code, message}`. The data is generated deterministically from a seed.
 *
 * It is not MLflow: the filter grammar is the simple subset `<entity>.<key> <op> <value>` joined
 * by `and` (entities metrics/params/tags/attributes; ops = != < <= > >= LIKE ILIKE).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StandInMode =
  /** answer normally */
  | 'ok'
  /** wait `delayMs` before answering (to exercise timeouts) */
  | 'slow'
  /** answer 200 with an HTML page instead of JSON */
  | 'malformed'
  /** answer 200 with JSON whose lists are not lists */
  | 'wrong-shape'
  /** answer 500 {error_code: INTERNAL_ERROR} */
  | 'error'
  /** answer 200 with a body of `hugeBytes` bytes */
  | 'huge';

export type StandInBehaviour = {
  mode: StandInMode;
  delayMs: number;
  hugeBytes: number;
  /** when set, every request is answered `307 Location: <redirectTo><path>` */
  redirectTo?: string;
  /** when set, requests without `Authorization: Bearer <token>` get 401 */
  requireToken?: string;
};

export type StandInOptions = {
  /** total runs, spread round-robin over the experiments (default 10,000) */
  runs?: number;
  /** experiment names (default four) */
  experiments?: string[];
  seed?: number;
};

export type RecordedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body?: unknown;
  /** the client's port: equal ports mean one reused (keep-alive) connection */
  remotePort?: number;
};

export type MlflowStandIn = {
  /** the tracking URI, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  behaviour: StandInBehaviour;
  requests: RecordedRequest[];
  /** the generated data, to compute expectations */
  data: StandInData;
  reset(): void;
  close(): Promise<void>;
};

type Metric = { key: string; value: number; timestamp: number; step: number };
export type StandInRun = {
  index: number;
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: 'active';
  metrics: Metric[];
  params: Record<string, string>;
  tags: Record<string, string>;
};
export type StandInExperiment = {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active';
  creation_time: number;
  last_update_time: number;
  tags: Record<string, string>;
};
export type StandInData = {
  experiments: StandInExperiment[];
  runs: StandInRun[];
  history(runId: string, key: string): Metric[] | undefined;
};

const BASE_TIME = Date.UTC(2026, 0, 1);
const METRIC_KEYS = ['rmse', 'accuracy', 'loss'] as const;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runIdOf(i: number) {
  return (0x5eed0000 + i).toString(16).padStart(32, '0');
}

/** Generates the deterministic data set of the stand-in. */
export function generateStandInData(options: StandInOptions = {}): StandInData {
  const total = options.runs ?? 10_000;
  const names = options.experiments ?? [
    'baseline',
    'augmented',
    'distilled',
    'hyperparameter-sweep',
  ];
  const seed = options.seed ?? 42;
  const experiments: StandInExperiment[] = names.map((name, i) => ({
    experiment_id: String(i + 1),
    name,
    artifact_location: `gs://mx-artifacts/mlflow/${i + 1}`,
    lifecycle_stage: 'active',
    creation_time: BASE_TIME - (names.length - i) * 86_400_000,
    last_update_time: BASE_TIME + total * 60_000,
    tags: { 'mlflow.note.content': `${name} runs` },
  }));
  const rand = prng(seed);
  const runs: StandInRun[] = [];
  const statuses: StandInRun['status'][] = [];
  for (let i = 0; i < total; i++) {
    let status: StandInRun['status'] = 'FINISHED';
    if (i % 20 === 7) status = 'FAILED';
    else if (i % 31 === 5) status = 'KILLED';
    else if (i % 97 === 3) status = 'RUNNING';
    else if (i % 193 === 11) status = 'SCHEDULED';
    statuses.push(status);
    const start = BASE_TIME + i * 60_000;
    const ended = status !== 'RUNNING' && status !== 'SCHEDULED';
    const end = ended
      ? start + Math.round(60_000 + rand() * 3_540_000)
      : undefined;
    const steps = 10 + (i % 20);
    const rmse = Math.round((0.2 + rand() * 1.8) * 10_000) / 10_000;
    const accuracy = Math.round((0.5 + rand() * 0.49) * 10_000) / 10_000;
    const loss = Math.round(rand() * 3 * 10_000) / 10_000;
    const finalValues: Record<string, number> = { rmse, accuracy, loss };
    const experiment = experiments[i % experiments.length];
    runs.push({
      index: i,
      run_id: runIdOf(i),
      run_name: `run-${String(i).padStart(5, '0')}`,
      experiment_id: experiment.experiment_id,
      status,
      start_time: start,
      end_time: end,
      artifact_uri: `${experiment.artifact_location}/${runIdOf(i)}/artifacts`,
      lifecycle_stage: 'active',
      metrics: METRIC_KEYS.map(key => ({
        key,
        value: finalValues[key],
        timestamp: (end ?? start) as number,
        step: steps - 1,
      })),
      params: {
        learning_rate: ['0.001', '0.01', '0.1'][i % 3],
        optimizer: ['adam', 'sgd'][i % 2],
        batch_size: ['32', '64', '128'][i % 3],
        model: ['resnet18', 'resnet50'][Math.floor(i / 2) % 2],
      },
      tags: {
        'mlflow.runName': `run-${String(i).padStart(5, '0')}`,
        'mlflow.user': ['ada', 'grace', 'linus'][i % 3],
      },
    });
  }
  return {
    experiments,
    runs,
    history(runId, key) {
      const run = runs.find(r => r.run_id === runId);
      if (!run) return undefined;
      const last = run.metrics.find(m => m.key === key);
      if (!last) return [];
      const r = prng(seed * 7919 + run.index * 31 + key.length);
      const out: Metric[] = [];
      for (let step = 0; step <= last.step; step++) {
        const progress = (last.step - step) / Math.max(1, last.step);
        const noise = step === last.step ? 0 : (r() - 0.5) * 0.05;
        const value =
          key === 'accuracy'
            ? last.value - progress * 0.4 + noise
            : last.value + progress * 1.5 + noise;
        out.push({
          key,
          value: Math.round(value * 10_000) / 10_000,
          timestamp: run.start_time + step * 1000,
          step,
        });
      }
      return out;
    },
  };
}

// --- filter and ordering -------------------------------------------------------------------

class MlflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

type Entity = 'metrics' | 'params' | 'tags' | 'attributes';
type Clause = {
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

function invalid(message: string): never {
  throw new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', message);
}

function parseIdentifier(raw: string): { entity: Entity; key: string } {
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
    if (!numeric && !['=', '!=', 'LIKE', 'ILIKE', 'NOT LIKE'].includes(op)) {
      invalid(
        `Invalid comparator '${op}' not one of '['!=', '=', 'LIKE', 'ILIKE']' for '${entity}.${key}'`,
      );
    }
    if (numeric && ['LIKE', 'ILIKE', 'NOT LIKE'].includes(op)) {
      invalid(`Invalid comparator '${op}' for numeric '${entity}.${key}'`);
    }
    clauses.push({ entity, key, op, value });
    pos = m.index + m[0].length;
  }
  return clauses;
}

function likeToRegExp(pattern: string, flags: string) {
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

function valueOf(
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

function matches(run: StandInRun, clause: Clause): boolean {
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

type Order = { entity: Entity; key: string; desc: boolean };

export function parseOrderBy(orderBy: unknown): Order[] {
  if (orderBy === undefined) return [];
  if (!Array.isArray(orderBy)) invalid('order_by must be a list of strings');
  return orderBy.map(raw => {
    if (typeof raw !== 'string') invalid('order_by must be a list of strings');
    const m = /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(raw);
    if (!m) invalid(`Invalid order_by clause '${raw}'`);
    const ident = m[1].includes('.') ? m[1] : `attributes.${m[1]}`;
    const { entity, key } = parseIdentifier(ident);
    return { entity, key, desc: (m[2] ?? 'ASC').toUpperCase() === 'DESC' };
  });
}

function compareRuns(orders: Order[]) {
  const all: Order[] = [
    ...orders,
    { entity: 'attributes', key: 'start_time', desc: true },
    { entity: 'attributes', key: 'run_id', desc: false },
  ];
  return (a: StandInRun, b: StandInRun) => {
    for (const o of all) {
      const va = valueOf(a, o.entity, o.key);
      const vb = valueOf(b, o.entity, o.key);
      if (va === vb) continue;
      // missing values always last, like MLflow
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      const cmp = va < vb ? -1 : 1;
      return o.desc ? -cmp : cmp;
    }
    return 0;
  };
}

// --- paging --------------------------------------------------------------------------------

function encodeToken(offset: number) {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}
function decodeToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(
      Buffer.from(String(token), 'base64').toString('utf8'),
    );
    if (typeof parsed?.offset === 'number' && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // fall through
  }
  return invalid('Invalid page token, could not base64-decode');
}
function maxResultsOf(value: unknown, fallback: number, limit: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    invalid(`Invalid value ${value} for parameter 'max_results' supplied`);
  if (n > limit) {
    invalid(
      `Invalid value ${value} for parameter 'max_results' supplied. It must be at most ${limit}`,
    );
  }
  return n;
}
function page<T>(
  items: T[],
  body: { max_results?: unknown; page_token?: unknown },
  fallback: number,
  limit: number,
) {
  const offset = decodeToken(body.page_token);
  const max = maxResultsOf(body.max_results, fallback, limit);
  const slice = items.slice(offset, offset + max);
  const next =
    offset + max < items.length ? encodeToken(offset + max) : undefined;
  return { slice, next };
}

// --- wire format ---------------------------------------------------------------------------

/** int64 as MLflow may send it: number for even runs, string for odd ones. */
function int64(value: number | undefined, asString: boolean) {
  if (value === undefined) return undefined;
  return asString ? String(value) : value;
}
function kv(record: Record<string, string>) {
  const list = Object.entries(record).map(([key, value]) => ({ key, value }));
  return list.length ? list : undefined;
}
function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
function runJson(run: StandInRun) {
  const s = run.index % 2 === 1;
  return {
    info: compact({
      run_id: run.run_id,
      run_uuid: run.run_id,
      run_name: run.run_name,
      experiment_id: run.experiment_id,
      user_id: run.tags['mlflow.user'],
      status: run.status,
      start_time: int64(run.start_time, s),
      end_time: int64(run.end_time, s),
      artifact_uri: run.artifact_uri,
      lifecycle_stage: run.lifecycle_stage,
    }),
    data: compact({
      metrics: run.metrics.length
        ? run.metrics.map(m => ({ ...m, timestamp: int64(m.timestamp, s) }))
        : undefined,
      params: kv(run.params),
      tags: kv(run.tags),
    }),
  };
}
function experimentJson(e: StandInExperiment) {
  return compact({
    experiment_id: e.experiment_id,
    name: e.name,
    artifact_location: e.artifact_location,
    lifecycle_stage: e.lifecycle_stage,
    creation_time: e.creation_time,
    last_update_time: String(e.last_update_time),
    tags: kv(e.tags),
  });
}

function registeredModels(data: StandInData) {
  const names = ['churn-classifier', 'demand-forecaster', 'image-tagger'];
  return names.map((name, i) => {
    const versions = [1, 2, 3].slice(0, i + 1).map(v => {
      const run = data.runs[(i * 7 + v) % data.runs.length];
      return compact({
        name,
        version: String(v),
        creation_timestamp: BASE_TIME + v * 3_600_000,
        last_updated_timestamp: String(BASE_TIME + v * 3_600_000),
        current_stage: v === i + 1 ? 'Production' : 'Archived',
        description: '',
        source: run ? `${run.artifact_uri}/model` : undefined,
        run_id: run?.run_id,
        status: 'READY',
        aliases: v === i + 1 ? ['champion'] : undefined,
      });
    });
    return compact({
      name,
      creation_timestamp: BASE_TIME,
      last_updated_timestamp: BASE_TIME + 3 * 3_600_000,
      description: `${name} for the stand-in project`,
      latest_versions: [versions[versions.length - 1]],
      aliases: [{ alias: 'champion', version: String(versions.length) }],
      versions,
    });
  });
}

function nameFilter(
  filter: unknown,
  field = 'name',
): (v: Record<string, unknown>) => boolean {
  if (typeof filter !== 'string' || !filter.trim()) return () => true;
  const m = /^\s*(name|run_id)\s*(=|LIKE|ILIKE)\s*'([^']*)'\s*$/i.exec(filter);
  if (!m) invalid(`Unsupported filter '${filter}'`);
  const key = m[1].toLowerCase() || field;
  const op = m[2].toUpperCase();
  return v =>
    op === '='
      ? v[key] === m[3]
      : likeToRegExp(m[3], op === 'ILIKE' ? 'i' : '').test(
          String(v[key] ?? ''),
        );
}

// --- server --------------------------------------------------------------------------------

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const DEFAULT_BEHAVIOUR: StandInBehaviour = {
  mode: 'ok',
  delayMs: 30_000,
  hugeBytes: 64 * 1024 * 1024,
};

/**
 * Starts the MLflow stand-in on 127.0.0.1 (random port). Change `behaviour` to simulate slow,
 * broken or redirecting servers; `reset()` restores normal behaviour and clears `requests`.
 */
export async function startMlflowStandIn(
  options: StandInOptions = {},
): Promise<MlflowStandIn> {
  const data = generateStandInData(options);
  const models = registeredModels(data);
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();

  const standIn: Omit<MlflowStandIn, 'url' | 'port' | 'close'> = {
    behaviour: { ...DEFAULT_BEHAVIOUR },
    requests: [],
    data,
    reset() {
      standIn.behaviour = { ...DEFAULT_BEHAVIOUR };
      standIn.requests.length = 0;
    },
  };

  function handle(
    method: string,
    path: string,
    body: Record<string, unknown>,
  ): unknown {
    if (method === 'POST' && path === '/api/2.0/mlflow/experiments/search') {
      let list = data.experiments.filter(e =>
        nameFilter(body.filter)(e as unknown as Record<string, unknown>),
      );
      const orders = Array.isArray(body.order_by)
        ? (body.order_by as string[])
        : [];
      for (const o of [...orders].reverse()) {
        const m =
          /^\s*(?:attributes\.)?(name|creation_time|last_update_time|experiment_id)(?:\s+(ASC|DESC))?\s*$/i.exec(
            o,
          );
        if (!m) invalid(`Invalid order_by clause '${o}'`);
        const key = m[1] as keyof StandInExperiment;
        const desc = (m[2] ?? 'ASC').toUpperCase() === 'DESC';
        list = [...list].sort((a, b) => {
          if (a[key] === b[key]) return 0;
          const cmp = a[key] < b[key] ? -1 : 1;
          return desc ? -cmp : cmp;
        });
      }
      const { slice, next } = page(list, body, 1000, 50000);
      return compact({
        experiments: slice.length ? slice.map(experimentJson) : undefined,
        next_page_token: next,
      });
    }
    if (method === 'POST' && path === '/api/2.0/mlflow/runs/search') {
      const ids = body.experiment_ids;
      if (ids !== undefined && !Array.isArray(ids))
        invalid('experiment_ids must be a list');
      const wanted = new Set(
        ((ids as unknown[] | undefined) ?? []).map(String),
      );
      const clauses = parseRunFilter(
        typeof body.filter === 'string' ? body.filter : undefined,
      );
      const orders = parseOrderBy(body.order_by);
      const selected = data.runs
        .filter(r => wanted.has(r.experiment_id))
        .filter(r => clauses.every(c => matches(r, c)))
        .sort(compareRuns(orders));
      const { slice, next } = page(selected, body, 1000, 1000);
      return compact({
        runs: slice.length ? slice.map(runJson) : undefined,
        next_page_token: next,
      });
    }
    if (method === 'GET' && path === '/api/2.0/mlflow/metrics/get-history') {
      const runId = String(body.run_id ?? '');
      const key = String(body.metric_key ?? '');
      if (!runId) invalid("Missing value for required parameter 'run_id'");
      if (!key) invalid("Missing value for required parameter 'metric_key'");
      const history = data.history(runId, key);
      if (!history) {
        throw new MlflowApiError(
          404,
          'RESOURCE_DOES_NOT_EXIST',
          `Run '${runId}' not found`,
        );
      }
      const run = data.runs.find(r => r.run_id === runId)!;
      const s = run.index % 2 === 1;
      return compact({
        metrics: history.length
          ? history.map(m => ({ ...m, timestamp: int64(m.timestamp, s) }))
          : undefined,
      });
    }
    if (
      method === 'GET' &&
      path === '/api/2.0/mlflow/registered-models/search'
    ) {
      const list = models.filter(m =>
        nameFilter(body.filter)(m as Record<string, unknown>),
      );
      const { slice, next } = page(list, body, 100, 1000);
      return compact({
        registered_models: slice.length
          ? slice.map(({ versions: _v, ...m }) => m)
          : undefined,
        next_page_token: next,
      });
    }
    if (method === 'GET' && path === '/api/2.0/mlflow/model-versions/search') {
      const all = models.flatMap(m => m.versions) as Record<string, unknown>[];
      const list = all.filter(v => nameFilter(body.filter)(v));
      const { slice, next } = page(list, body, 200_000, 200_000);
      return compact({
        model_versions: slice.length ? slice : undefined,
        next_page_token: next,
      });
    }
    throw new MlflowApiError(
      404,
      'ENDPOINT_NOT_FOUND',
      `No API endpoint ${method} ${path}`,
    );
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    const send = (
      status: number,
      payload: unknown,
      type = 'application/json',
    ) => {
      if (res.destroyed) return;
      const out =
        typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': type,
        'content-length': Buffer.byteLength(out),
      });
      res.end(out);
    };
    try {
      if (req.method === 'GET') {
        body = Object.fromEntries(url.searchParams.entries());
      } else if (text) {
        body = JSON.parse(text);
      }
    } catch {
      send(400, {
        error_code: 'MALFORMED_REQUEST',
        message: 'Request body is not valid JSON',
      });
      return;
    }
    standIn.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      body,
      remotePort: req.socket.remotePort,
    });
    const b = standIn.behaviour;
    if (b.mode === 'ok' && !b.redirectTo && req.method === 'GET') {
      // MLflow's own liveness route and UI root
      if (url.pathname === '/health') {
        send(200, 'OK', 'text/plain');
        return;
      }
      if (url.pathname === '/') {
        send(200, '<html><title>MLflow (stand-in)</title></html>', 'text/html');
        return;
      }
    }
    if (b.redirectTo) {
      res.writeHead(307, {
        location: `${b.redirectTo.replace(/\/+$/, '')}${url.pathname}${
          url.search
        }`,
      });
      res.end();
      return;
    }
    if (
      b.requireToken &&
      req.headers.authorization !== `Bearer ${b.requireToken}`
    ) {
      send(401, {
        error_code: 'UNAUTHENTICATED',
        message: 'Missing or invalid bearer token',
      });
      return;
    }
    if (b.mode === 'slow') {
      await new Promise<void>(resolve => {
        const t = setTimeout(() => {
          pending.delete(t);
          resolve();
        }, b.delayMs);
        pending.add(t);
      });
    }
    if (b.mode === 'malformed') {
      send(200, '<html><body>Sign in to continue</body></html>', 'text/html');
      return;
    }
    if (b.mode === 'error') {
      send(500, {
        error_code: 'INTERNAL_ERROR',
        message: 'database is locked',
      });
      return;
    }
    if (b.mode === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < b.hugeBytes && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    try {
      const answer = handle(req.method ?? 'GET', url.pathname, body);
      if (b.mode === 'wrong-shape') {
        send(200, { runs: 'not a list', experiments: 42, metrics: {} });
        return;
      }
      send(200, answer);
    } catch (error) {
      if (error instanceof MlflowApiError) {
        send(error.status, {
          error_code: error.errorCode,
          message: error.message,
        });
      } else {
        send(500, { error_code: 'INTERNAL_ERROR', message: String(error) });
      }
    }
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn as MlflowStandIn, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>(resolve => {
        for (const t of pending) clearTimeout(t);
        pending.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
