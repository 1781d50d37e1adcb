import { JsonValue } from '@backstage/types';
import { PendingPlan, ProjectState } from '@mx-backstage/plugin-mx-common';

/** What `mx:terraform:apply` reports, the same twelve outputs on every path. */
export interface TerraformApplyOutputs {
  summary: string;
  add: number;
  change: number;
  destroy: number;
  resources: PendingPlan['resources'];
  changes: boolean;
  planId: string;
  plan: string;
  planExpiresAt: string;
  applyUrl: string;
  applied: boolean;
  outputs: unknown;
}

/** Writes the outputs through the task's `ctx.output`, always in the same order. */
export function writeTerraformApplyOutputs(
  output: (name: keyof TerraformApplyOutputs, value: any) => void,
  o: TerraformApplyOutputs,
) {
  output('summary', o.summary);
  output('add', o.add);
  output('change', o.change);
  output('destroy', o.destroy);
  output('resources', o.resources);
  output('changes', o.changes);
  output('planId', o.planId);
  output('plan', o.plan);
  output('planExpiresAt', o.planExpiresAt);
  output('applyUrl', o.applyUrl);
  output('applied', o.applied);
  output('outputs', o.outputs as JsonValue);
}

/** The outputs of a run that made no plan to apply and applied nothing. */
export const nothingOutputs = (
  summary: string,
  outputs: unknown,
): TerraformApplyOutputs => ({
  summary,
  add: 0,
  change: 0,
  destroy: 0,
  resources: [],
  changes: false,
  planId: '',
  plan: '',
  planExpiresAt: '',
  applyUrl: '',
  applied: false,
  outputs,
});

/** The project state after `plan` was applied at `at` by `by`: last plan, last apply, outputs. */
export function recordApply(
  state: ProjectState,
  plan: PendingPlan,
  by: string,
  at: Date,
  outputs: ProjectState['infrastructure']['outputs'],
) {
  const counts = {
    add: plan.add,
    change: plan.change,
    destroy: plan.destroy,
  };
  state.infrastructure.lastPlan = {
    at: plan.createdAt,
    by: plan.createdBy,
    ...counts,
  };
  state.infrastructure.lastApply = {
    at: at.toISOString(),
    by,
    ...counts,
  };
  state.infrastructure.outputs = outputs;
}
