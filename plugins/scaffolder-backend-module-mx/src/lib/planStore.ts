import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PendingPlan, parsePlanMaxAge } from '@mx-backstage/plugin-mx-common';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliRunner } from '../cli/runner';

/** Where a project's pending plan lives: its name and its Terraform state backend. */
export interface PlanLocation {
  project: string;
  bucket: string;
  prefix: string;
}

/** Credentials and cancellation for one store call (the GCS store runs gcloud with them). */
export interface PlanStoreAccess {
  env?: Record<string, string | undefined>;
  secrets?: Array<string | undefined>;
  signal?: AbortSignal;
}

/**
 * One pending plan per project: `save` replaces the previous one. The binary plan and its record
 * are stored side by side; the record is written last, so a reader never sees a record whose
 * plan file is missing.
 */
export interface PlanStore {
  /** Human-readable place, for messages: `gs://bucket/prefix/mx-plan/` or a directory. */
  describe(location: PlanLocation): string;
  save(
    location: PlanLocation,
    plan: PendingPlan,
    planFile: string,
    access?: PlanStoreAccess,
  ): Promise<void>;
  get(
    location: PlanLocation,
    access?: PlanStoreAccess,
  ): Promise<PendingPlan | undefined>;
  /** Copies the binary plan to `destination`. */
  fetchPlanFile(
    location: PlanLocation,
    destination: string,
    access?: PlanStoreAccess,
  ): Promise<void>;
  remove(location: PlanLocation, access?: PlanStoreAccess): Promise<void>;
}

const PLAN_FILE = 'pending.tfplan';
const RECORD_FILE = 'pending.json';
const DEFAULT_MAX_AGE = '24h';

export const newPlanId = () => randomUUID();

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

const SAFE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Plans in a directory of the backend (`<directory>/<project>/pending.{tfplan,json}`). */
export function createLocalPlanStore(directory: string): PlanStore {
  const dirOf = (location: PlanLocation) => {
    if (!SAFE_NAME.test(location.project)) {
      throw new InputError(
        `'${location.project}' is not a valid project name for the plan store`,
      );
    }
    return path.join(directory, location.project);
  };
  return {
    describe: location => dirOf(location),
    async save(location, plan, planFile) {
      const dir = dirOf(location);
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      // Write under temporary names and rename: a reader sees the old or the new plan, whole.
      const tmp = `.${plan.id}`;
      await fs.copyFile(planFile, path.join(dir, `${tmp}.tfplan`));
      await fs.writeFile(
        path.join(dir, `${tmp}.json`),
        JSON.stringify(plan, null, 2),
        { mode: 0o600 },
      );
      await fs.rm(path.join(dir, RECORD_FILE), { force: true });
      await fs.rename(
        path.join(dir, `${tmp}.tfplan`),
        path.join(dir, PLAN_FILE),
      );
      await fs.rename(
        path.join(dir, `${tmp}.json`),
        path.join(dir, RECORD_FILE),
      );
    },
    async get(location) {
      try {
        return JSON.parse(
          await fs.readFile(path.join(dirOf(location), RECORD_FILE), 'utf8'),
        ) as PendingPlan;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async fetchPlanFile(location, destination) {
      await fs.copyFile(path.join(dirOf(location), PLAN_FILE), destination);
    },
    async remove(location) {
      const dir = dirOf(location);
      await fs.rm(path.join(dir, RECORD_FILE), { force: true });
      await fs.rm(path.join(dir, PLAN_FILE), { force: true });
    },
  };
}

/**
 * Plans in the project's Terraform state bucket, beside the state:
 * `gs://<bucket>/<prefix>/mx-plan/pending.{tfplan,json}`, through `gcloud storage` (so they
 * share the state's access control). A missing object makes gcloud exit 1 with "The following
 * URLs matched no objects or files" (googlecloudsdk/command_lib/storage/name_expansion.py).
 */
export function createGcsPlanStore(deps: {
  runner: CliRunner;
  /** Scratch directory for the record before upload. Default: the OS temp dir. */
  tmpDir?: string;
}): PlanStore {
  const { runner } = deps;
  const base = (l: PlanLocation) =>
    `gs://${l.bucket}/${l.prefix.replace(/^\/+|\/+$/g, '')}/mx-plan/`;
  const gcloud = (
    args: string[],
    access: PlanStoreAccess = {},
    allowFailure = false,
  ) =>
    runner.run({
      command: 'gcloud',
      args,
      cwd: deps.tmpDir ?? os.tmpdir(),
      env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1', ...access.env },
      secrets: access.secrets,
      signal: access.signal,
      allowFailure,
      quietStdout: true,
    });
  const isMissing = (stderr: string) =>
    /matched no objects|not found|404/i.test(stderr);
  return {
    describe: base,
    async save(location, plan, planFile, access) {
      const tmp = await fs.mkdtemp(
        path.join(deps.tmpDir ?? os.tmpdir(), 'mx-plan-'),
      );
      try {
        const record = path.join(tmp, RECORD_FILE);
        await fs.writeFile(record, JSON.stringify(plan, null, 2), {
          mode: 0o600,
        });
        await gcloud(
          ['storage', 'cp', planFile, `${base(location)}${PLAN_FILE}`],
          access,
        );
        await gcloud(
          ['storage', 'cp', record, `${base(location)}${RECORD_FILE}`],
          access,
        );
      } finally {
        await fs.rm(tmp, { recursive: true, force: true });
      }
    },
    async get(location, access) {
      const url = `${base(location)}${RECORD_FILE}`;
      const r = await gcloud(['storage', 'cat', url], access, true);
      if (r.exitCode !== 0) {
        if (isMissing(r.stderr)) return undefined;
        throw new Error(
          `Could not read the pending plan ${url}: ${r.stderr.trim()}`,
        );
      }
      return JSON.parse(r.stdout) as PendingPlan;
    },
    async fetchPlanFile(location, destination, access) {
      await gcloud(
        ['storage', 'cp', `${base(location)}${PLAN_FILE}`, destination],
        access,
      );
    },
    async remove(location, access) {
      const r = await gcloud(
        [
          'storage',
          'rm',
          `${base(location)}${RECORD_FILE}`,
          `${base(location)}${PLAN_FILE}`,
        ],
        access,
        true,
      );
      if (r.exitCode !== 0 && !isMissing(r.stderr)) {
        throw new Error(
          `Could not remove the pending plan in ${base(
            location,
          )}: ${r.stderr.trim()}`,
        );
      }
    },
  };
}

/** Settings of `mx.terraform`. */
export interface TerraformPlanSettings {
  store: PlanStore;
  /** How long a saved plan may be applied, in milliseconds. */
  maxAgeMs: number;
  maxAge: string;
}

/**
 * `mx.terraform.planStore` (`local`, the default, under `directory` or
 * `<backend.workingDirectory or the OS temp dir>/mx-plans`; or `gcs`) and `mx.terraform.planMaxAge`.
 */
export function readTerraformPlanSettings(
  config: Config,
  runner: CliRunner,
): TerraformPlanSettings {
  const maxAge =
    config.getOptionalString('mx.terraform.planMaxAge') ?? DEFAULT_MAX_AGE;
  const maxAgeMs = parsePlanMaxAge(maxAge);
  if (maxAgeMs === undefined) {
    throw new Error(
      `mx.terraform.planMaxAge '${maxAge}' is not a duration: use a number and a unit, like 24h, 90m or 2d`,
    );
  }
  const type =
    config.getOptionalString('mx.terraform.planStore.type') ?? 'local';
  let store: PlanStore;
  if (type === 'gcs') {
    store = createGcsPlanStore({ runner });
  } else if (type === 'local') {
    const directory =
      config.getOptionalString('mx.terraform.planStore.directory') ??
      path.join(
        config.getOptionalString('backend.workingDirectory') ?? os.tmpdir(),
        'mx-plans',
      );
    store = createLocalPlanStore(directory);
  } else {
    throw new Error(
      `mx.terraform.planStore.type '${type}' is not supported: use 'local' or 'gcs'`,
    );
  }
  return { store, maxAgeMs, maxAge };
}
