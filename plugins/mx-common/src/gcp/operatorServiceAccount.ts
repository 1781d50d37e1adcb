import type { ProjectState } from '../state';

/**
 * One identity per client project: the project's own operator service account, which the
 * ml-project skeleton creates (Terraform output `operator_service_account`) and an admin may name
 * in `.mx/state.yaml` (`infrastructure.operatorServiceAccount`). The backend impersonates it
 * (`mx.gcp.impersonation`) for the actions and for the cluster path of the project page.
 */

/** `<name>@<project>.iam.gserviceaccount.com`; group 1 is the GCP project id. */
export const OPERATOR_SERVICE_ACCOUNT_EMAIL =
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/;

/** The operator service account of a project: named in the state by an admin, else Terraform's output. */
export function operatorServiceAccountOf(
  state: ProjectState,
): string | undefined {
  const named = state.infrastructure.operatorServiceAccount;
  if (named) return named;
  const out: unknown = state.infrastructure.outputs.operator_service_account;
  if (typeof out === 'string' && out) return out;
  // `terraform output -json` shape, should a caller record it unflattened.
  if (out && typeof out === 'object') {
    const value = (out as { value?: unknown }).value;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Why a project's operator service account cannot be impersonated. */
export type OperatorAccountProblem =
  | { reason: 'missing' }
  | { reason: 'not-an-email'; serviceAccount: string }
  | { reason: 'other-project'; serviceAccount: string; gcpProjectId: string };

/**
 * The operator service account to impersonate for a project, or the problem: none yet, not a
 * service-account email, or an account of another GCP project (each client project is operated
 * only by an account of its own GCP project).
 */
export function checkOperatorServiceAccount(
  state: ProjectState,
):
  | { ok: true; serviceAccount: string }
  | ({ ok: false } & OperatorAccountProblem) {
  const sa = operatorServiceAccountOf(state);
  if (!sa) return { ok: false, reason: 'missing' };
  const m = OPERATOR_SERVICE_ACCOUNT_EMAIL.exec(sa);
  if (!m) return { ok: false, reason: 'not-an-email', serviceAccount: sa };
  if (m[1] !== state.project.gcpProjectId) {
    return {
      ok: false,
      reason: 'other-project',
      serviceAccount: sa,
      gcpProjectId: m[1],
    };
  }
  return { ok: true, serviceAccount: sa };
}
