import { LoggerService } from '@backstage/backend-plugin-api';
import { PendingPlan } from '@mx-backstage/plugin-mx-common';
import { readStateVersion } from './applyReviewedPlan';
import { hashConfiguration } from './planProvenance';
import {
  PlanLocation,
  PlanStore,
  PlanStoreAccess,
  sha256File,
} from './planStore';
import { TerraformCli } from './terraformCli';
import {
  MAX_RENDERED_CHARS,
  PlanSummary,
  formatChanges,
  formatSummary,
  summarizePlan,
} from './terraformPlan';

/** A rendered plan cut at MAX_RENDERED_CHARS, saying where the whole plan is. */
export const cutRenderedPlan = (rendered: string) =>
  rendered.length > MAX_RENDERED_CHARS
    ? `${rendered.slice(
        0,
        MAX_RENDERED_CHARS,
      )}\n… (cut at ${MAX_RENDERED_CHARS} characters; the whole plan is in the task log of terraform plan)`
    : rendered;

/** What the plan branch made: nothing to apply, or the saved pending plan. */
export type PlanRunResult =
  | { changes: false; summaryText: string }
  | {
      changes: true;
      summaryText: string;
      summary: PlanSummary;
      plan: PendingPlan;
      rendered: string;
      expiresAt: string;
    };

/**
 * The plan branch: `terraform plan -out` → `show -json` → summary (logged). With changes the
 * binary plan is saved as the project's one pending plan, with the commit, state serial and
 * configuration hash it was made from; without, the pending plan is removed (the newest plan
 * replaces it, also when there is nothing to apply).
 */
export async function savePendingPlan(opts: {
  terraform: TerraformCli;
  store: PlanStore;
  location: PlanLocation;
  access: PlanStoreAccess;
  planFile: string;
  lockArgs: string[];
  logger: LoggerService;
  /** The root module's folder, whose configuration is hashed. */
  workDir: string;
  now: () => Date;
  maxAgeMs: number;
  /** Id of the new saved plan, asked only when there is one to save. */
  newId: () => string;
  /** The plan's record without what this function measures. */
  meta: Pick<
    PendingPlan,
    'project' | 'entityRef' | 'createdBy' | 'commit' | 'workingDirectory'
  >;
}): Promise<PlanRunResult> {
  const { terraform, store, location, access, planFile, logger } = opts;
  const planned = await terraform(
    [
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      ...opts.lockArgs,
      `-out=${planFile}`,
    ],
    { allowFailure: true },
  );
  const shown = await terraform(['show', '-json', '-no-color', planFile], {
    quietStdout: true,
  });
  let planJson: unknown;
  try {
    planJson = JSON.parse(shown.stdout);
  } catch {
    throw new Error('terraform show -json did not print JSON');
  }
  const summary = summarizePlan(planJson);
  const changes = planned.exitCode === 2;
  const summaryText = changes
    ? formatChanges(summary)
    : formatSummary({ add: 0, change: 0, destroy: 0, resources: [] });
  for (const line of summaryText.split('\n')) logger.info(line);

  if (!changes) {
    await store.remove(location, access);
    return { changes: false, summaryText };
  }

  // terraform show masks sensitive values; the runner redacts the task's secrets.
  const rendered = cutRenderedPlan(
    (
      await terraform(['show', '-no-color', planFile], {
        quietStdout: true,
      })
    ).stdout,
  );
  const version = await readStateVersion(terraform);
  const createdAt = opts.now();
  const { meta } = opts;
  const plan: PendingPlan = {
    id: opts.newId(),
    project: meta.project,
    entityRef: meta.entityRef,
    createdAt: createdAt.toISOString(),
    createdBy: meta.createdBy,
    commit: meta.commit,
    workingDirectory: meta.workingDirectory,
    configHash: await hashConfiguration(opts.workDir),
    stateSerial: version.serial,
    stateLineage: version.lineage,
    planFileSha256: await sha256File(planFile),
    add: summary.add,
    change: summary.change,
    destroy: summary.destroy,
    resources: summary.resources,
    rendered,
  };
  await store.save(location, plan, planFile, access);
  const expiresAt = new Date(createdAt.getTime() + opts.maxAgeMs).toISOString();
  logger.info(
    `Saved plan ${plan.id} as the pending plan of ${
      meta.project
    } in ${store.describe(
      location,
    )}. Nothing was applied: review it, then apply exactly this plan with planId ${
      plan.id
    } (before ${expiresAt}).`,
  );
  return { changes: true, summaryText, summary, plan, rendered, expiresAt };
}
