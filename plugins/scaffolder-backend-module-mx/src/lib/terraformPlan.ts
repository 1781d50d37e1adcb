import { ConflictError } from '@backstage/errors';
import { PendingPlan } from '@mx-backstage/plugin-mx-common';

// Reading what terraform says about a plan: `terraform show -json` counts, the summary lines.

/** What a saved plan will do, from `terraform show -json <planfile>`. */
export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  /** One line per resource that changes: `+ google_storage_bucket.data (create)`. */
  resources: string[];
}

/** Counts a plan's resource changes the way terraform's own "Plan: ..." line does. */
export function summarizePlan(planJson: unknown): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, destroy: 0, resources: [] };
  const changes = (planJson as { resource_changes?: unknown[] })
    ?.resource_changes;
  for (const rc of Array.isArray(changes) ? changes : []) {
    const { address, change } = rc as {
      address: string;
      change?: { actions?: string[] };
    };
    const actions = change?.actions ?? [];
    const has = (a: string) => actions.includes(a);
    if (has('create') && has('delete')) {
      summary.add++;
      summary.destroy++;
      summary.resources.push(`-/+ ${address} (replace)`);
    } else if (has('create')) {
      summary.add++;
      summary.resources.push(`+ ${address} (create)`);
    } else if (has('update')) {
      summary.change++;
      summary.resources.push(`~ ${address} (update)`);
    } else if (has('delete')) {
      summary.destroy++;
      summary.resources.push(`- ${address} (destroy)`);
    }
  }
  return summary;
}

/** Terraform's own "Plan: …" line and one line per resource, or its "No changes." line. */
export const formatSummary = (s: PlanSummary) =>
  s.add + s.change + s.destroy === 0
    ? 'No changes. Your infrastructure matches the configuration.'
    : [
        `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`,
        ...s.resources.map(r => `  ${r}`),
      ].join('\n');

/** The summary of a plan with changes (which may touch output values only). */
export const formatChanges = (s: PlanSummary) =>
  formatSummary(s).replace(
    /^No changes\..*$/,
    'Plan: only output values change.',
  );

/** The rendered plan kept with a saved plan is cut at this length. */
export const MAX_RENDERED_CHARS = 200_000;

/** Why a saved plan may not be applied any more, as the error the user sees. */
export function staleError(
  projectLabel: string,
  plan: PendingPlan,
  reasons: string[],
): ConflictError {
  return new ConflictError(
    `The saved plan ${
      plan.id
    } of ${projectLabel} is stale and was not applied: ${reasons.join(
      '; ',
    )}. Run "Apply infrastructure" again without a plan id to plan afresh, review the new plan, and apply that one.`,
  );
}
