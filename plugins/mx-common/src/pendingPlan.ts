/**
 * The pending Terraform plan of a project: a plan run saves the binary plan with this record of
 * what it was made from; "Apply this plan" applies exactly that file, and refuses it once stale.
 */

/** What a saved plan was made from, what it does, and its rendered text. */
export interface PendingPlan {
  /** Random id; "Apply this plan" names it, and a newer plan replaces it. */
  id: string;
  /** The project (component name) and entity the plan belongs to. */
  project: string;
  entityRef: string;
  /** ISO time the plan was made, and by whom (a user entity ref). */
  createdAt: string;
  createdBy: string;
  /** Repository commit (`git rev-parse HEAD`) the configuration was read from. */
  commit: string;
  /** Terraform root module, relative to the repository. */
  workingDirectory: string;
  /** sha256 over the root module's files (paths and contents; no state, no .terraform). */
  configHash: string;
  /** The Terraform state the plan was made against (`terraform state pull`); absent when empty. */
  stateSerial?: number;
  stateLineage?: string;
  /** sha256 of the binary plan file, checked before it is applied. */
  planFileSha256: string;
  add: number;
  change: number;
  destroy: number;
  /** One line per changed resource: `+ terraform_data.bucket (create)`. */
  resources: string[];
  /** `terraform show -no-color <planfile>`, secrets redacted (truncated when very long). */
  rendered: string;
}

/** What the project page's pending-plan route returns. */
export type PendingPlanResponse = {
  plan?: PendingPlan;
  /** When the plan stops being applicable by age (`mx.terraform.planMaxAge`). */
  expiresAt?: string;
  /** The Create-wizard link that applies this plan. */
  applyUrl?: string;
};

/** The apply-infrastructure template id ("Apply this plan" opens it with the plan id). */
export const APPLY_INFRASTRUCTURE_TEMPLATE = 'apply-infrastructure';

/**
 * The Create-wizard link that applies a saved plan:
 * `/create/templates/default/apply-infrastructure?formData={"project":"<ref>","planId":"<id>"}`.
 */
export function applyPlanUrl(
  entityRef: string,
  planId: string,
  namespace = 'default',
): string {
  const formData = encodeURIComponent(
    JSON.stringify({ project: entityRef, planId }),
  );
  return `/create/templates/${encodeURIComponent(
    namespace,
  )}/${APPLY_INFRASTRUCTURE_TEMPLATE}?formData=${formData}`;
}

/** Parses a plan age like `24h`, `30m`, `2d` or `90s` into milliseconds; undefined when invalid. */
export function parsePlanMaxAge(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as 's' | 'm' | 'h' | 'd'
  ];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : undefined;
}
