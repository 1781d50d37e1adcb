import { PrerequisiteError } from './errors';
import {
  DeploymentRecord,
  ProjectState,
  ProjectValues,
  STATE_API_VERSION,
  STATE_KIND,
  defaultTerraformBackend,
  projectStateSchema,
} from './schema';

/** What one generator run contributes to a project's state. */
export interface StateMergeRequest {
  generator: {
    id: string;
    version: string;
    /** Generators that must already be applied to the project. */
    requires?: string[];
  };
  /** Project answers (name, client, region...). Needed in full only when the state is new. */
  project?: Partial<ProjectValues>;
  /** The generator's own answers, stored under its record. */
  values?: Record<string, unknown>;
  /**
   * Project keys whose input value replaces the one already in the state. Any other key already
   * in the state keeps its value: a re-run never silently changes the project's answers.
   */
  overrides?: string[];
  /** Devspace deployments the generator contributes. */
  deployments?: Record<string, Omit<DeploymentRecord, 'generator'>>;
  /** Entity ref of who runs the generator. */
  initiator: string;
  now: Date;
}

export interface StateMergeResult {
  state: ProjectState;
  /** True when there was no state before this merge. */
  created: boolean;
  /** False when the merge left the state exactly as it was. */
  changed: boolean;
  /** Project keys where the input differed from the state and the state's value was kept. */
  kept: Array<{ key: string; stateValue: unknown; inputValue: unknown }>;
}

/** Deep equality on plain JSON-like values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length)
      return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (typeof a === 'object') {
    const ak = Object.keys(a as object).filter(
      k => (a as any)[k] !== undefined,
    );
    const bk = Object.keys(b as object).filter(
      k => (b as any)[k] !== undefined,
    );
    if (ak.length !== bk.length) return false;
    return ak.every(k => jsonEqual((a as any)[k], (b as any)[k]));
  }
  return false;
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * Merges one generator run into a project's state. Pure: no I/O, the clock and the initiator are
 * inputs. Throws {@link PrerequisiteError} when a required generator is missing, and a zod error
 * (use `describeStateValidationError`) when the result would not be a valid state.
 */
export function mergeState(
  existing: ProjectState | undefined,
  request: StateMergeRequest,
): StateMergeResult {
  const { generator } = request;
  const applied = existing?.generators ?? {};
  const missing = (generator.requires ?? []).filter(id => !(id in applied));
  if (missing.length > 0) {
    throw new PrerequisiteError(generator.id, missing);
  }

  const input = withoutUndefined(request.project ?? {});
  const overrides = new Set(request.overrides ?? []);
  const kept: StateMergeResult['kept'] = [];
  const project: Record<string, unknown> = { ...(existing?.project ?? {}) };
  for (const [key, value] of Object.entries(input)) {
    const current = project[key];
    if (current === undefined || overrides.has(key)) {
      project[key] = value;
    } else if (!jsonEqual(current, value)) {
      kept.push({ key, stateValue: current, inputValue: value });
    }
  }

  const values = withoutUndefined(request.values ?? {});
  const previous = applied[generator.id];
  const sameRun =
    previous &&
    previous.version === generator.version &&
    jsonEqual(previous.values, values);
  const record = sameRun
    ? previous
    : {
        version: generator.version,
        values,
        appliedAt: request.now.toISOString(),
        appliedBy: request.initiator,
      };

  const deployments = { ...(existing?.deployments ?? {}) };
  for (const [name, d] of Object.entries(request.deployments ?? {})) {
    deployments[name] = withoutUndefined({ generator: generator.id, ...d });
  }

  const candidate = {
    apiVersion: STATE_API_VERSION,
    kind: STATE_KIND,
    project,
    generators: { ...applied, [generator.id]: record },
    files: existing?.files ?? {},
    infrastructure: existing?.infrastructure ?? {
      backend: defaultTerraformBackend({
        name: String(project.name ?? ''),
        gcpProjectId: String(project.gcpProjectId ?? ''),
      }),
      outputs: {},
    },
    deployments,
  };
  const state = projectStateSchema.parse(candidate);
  return {
    state,
    created: existing === undefined,
    changed: !jsonEqual(existing, state),
    kept,
  };
}
