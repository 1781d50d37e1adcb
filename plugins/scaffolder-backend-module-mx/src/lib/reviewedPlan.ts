import { ConflictError, InputError } from '@backstage/errors';
import { PendingPlan } from '@mx-backstage/plugin-mx-common';
import { staleReasons } from './planProvenance';
import {
  PlanLocation,
  PlanStore,
  PlanStoreAccess,
  sha256File,
} from './planStore';
import { staleError } from './terraformPlan';

/**
 * The saved plan an apply run may apply: the project's pending plan, only if it is the one named
 * (`planId`), was made for this root module, is still fresh (same commit, configuration and
 * Terraform state, younger than mx.terraform.planMaxAge) and its file is byte-for-byte the
 * reviewed one (fetched to `planFile`). Anything else is refused with what to do instead.
 */
export async function fetchReviewedPlan(opts: {
  store: PlanStore;
  location: PlanLocation;
  access: PlanStoreAccess;
  planId: string;
  projectLabel: string;
  workingDirectory: string;
  /** What the plan must still match: the checkout's commit and configuration, the state's serial. */
  current: () => Promise<Parameters<typeof staleReasons>[1]>;
  now: Date;
  maxAge: Parameters<typeof staleReasons>[3];
  planFile: string;
}): Promise<PendingPlan> {
  const {
    store,
    location,
    access,
    planId,
    projectLabel,
    workingDirectory,
    planFile,
  } = opts;
  const p = await store.get(location, access);
  if (!p) {
    throw new ConflictError(
      `${projectLabel} has no pending plan (plan ${planId} was applied or replaced, or never saved in ${store.describe(
        location,
      )}). Run "Apply infrastructure" without a plan id to plan, review that plan, and apply it.`,
    );
  }
  if (p.id !== planId) {
    throw new ConflictError(
      `Plan ${planId} is no longer the pending plan of ${projectLabel}: plan ${p.id}, made at ${p.createdAt} by ${p.createdBy}, replaced it. Nothing was applied. Review the pending plan on the project page and apply that one.`,
    );
  }
  if (p.workingDirectory !== workingDirectory) {
    throw new InputError(
      `Plan ${p.id} was made for ${p.workingDirectory}, not ${workingDirectory}`,
    );
  }
  const reasons = staleReasons(p, await opts.current(), opts.now, opts.maxAge);
  if (reasons.length) throw staleError(projectLabel, p, reasons);
  await store.fetchPlanFile(location, planFile, access);
  if ((await sha256File(planFile)) !== p.planFileSha256) {
    throw new ConflictError(
      `The saved plan file of ${projectLabel} in ${store.describe(
        location,
      )} is not the one that was reviewed (its checksum differs). Nothing was applied. Plan again.`,
    );
  }
  return p;
}
