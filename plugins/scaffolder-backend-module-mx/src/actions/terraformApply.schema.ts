import { z as zod } from 'zod/v3';
import { OWNED_PROJECT_ENTITY_REF, projectEntityRefInput } from '../lib/inputs';

/** Inputs and outputs of mx:terraform:apply (createTemplateAction's zod callbacks). */
export const terraformApplySchema = {
  input: {
    entityRef: projectEntityRefInput(OWNED_PROJECT_ENTITY_REF),
    planId: (z: typeof zod) =>
      z
        .string()
        .regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          'a plan id as printed by a plan run',
        )
        .optional()
        .describe(
          "Apply this saved plan (the `planId` output of a plan run) and nothing else. Without it the action only plans, saves the plan as the project's pending plan and reports it",
        ),
    targetPath: (z: typeof zod) =>
      z
        .string()
        .optional()
        .describe(
          'Repository directory inside the workspace (default: the workspace root)',
        ),
    workingDirectory: (z: typeof zod) =>
      z
        .string()
        .optional()
        .describe(
          'Terraform root module, relative to the repository (default: `infrastructure/terraform`)',
        ),
    backend: (z: typeof zod) =>
      z
        .enum(['gcs', 'local'])
        .optional()
        .describe(
          "State backend: `gcs` (bucket and prefix from the project state's infrastructure.backend, so each project locks its own state) or `local` (the configuration's own local backend; for tests and sandboxes). Default: `gcs`",
        ),
    credentialsSecret: (z: typeof zod) =>
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)
        .optional()
        .describe(
          'Name of the task secret holding a GCP service-account key (JSON) or an OAuth access token; passed to terraform and gcloud by environment only',
        ),
    lockTimeout: (z: typeof zod) =>
      z
        .string()
        .regex(/^\d{1,4}[sm]$/, 'a duration like 30s or 5m')
        .optional()
        .describe(
          'How long to wait for a held state lock before giving up (`-lock-timeout`), e.g. `2m`. Default: fail at once',
        ),
    bootstrapBucket: (z: typeof zod) =>
      z
        .boolean()
        .optional()
        .describe(
          "Create the project's state bucket with gcloud (uniform bucket-level access, in the project's region) when it does not exist yet",
        ),
    variables: (z: typeof zod) =>
      z
        .record(
          z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
          z.union([z.string(), z.number(), z.boolean()]),
        )
        .optional()
        .describe(
          'Terraform input variables, passed as TF_VAR_<name> environment variables (a plan run records them in the plan; applying a saved plan uses the planned values)',
        ),
  },
  output: {
    summary: (z: typeof zod) =>
      z
        .string()
        .describe(
          'What the plan does: "Plan: 1 to add, 0 to change, 0 to destroy." and one line per resource, or "No changes."',
        ),
    add: (z: typeof zod) => z.number().describe('Resources the plan adds'),
    change: (z: typeof zod) =>
      z.number().describe('Resources the plan changes in place'),
    destroy: (z: typeof zod) =>
      z.number().describe('Resources the plan destroys'),
    resources: (z: typeof zod) =>
      z
        .array(z.string())
        .describe('One line per changed resource: `+ address (create)`'),
    changes: (z: typeof zod) =>
      z.boolean().describe('True when the plan has any change'),
    planId: (z: typeof zod) =>
      z
        .string()
        .describe(
          'Id of the saved plan (pass it as `planId` to apply it); empty when the plan has no changes',
        ),
    plan: (z: typeof zod) =>
      z
        .string()
        .describe(
          '`terraform show -no-color` of the saved plan, secrets redacted',
        ),
    applyUrl: (z: typeof zod) =>
      z
        .string()
        .describe(
          'Create-wizard link that opens Apply infrastructure with this project and plan id ("Apply this plan"); empty without a plan to apply',
        ),
    planExpiresAt: (z: typeof zod) =>
      z
        .string()
        .describe(
          'When the saved plan becomes too old to apply (mx.terraform.planMaxAge); empty without a plan',
        ),
    applied: (z: typeof zod) =>
      z.boolean().describe('True when the saved plan was applied'),
    outputs: (z: typeof zod) =>
      z
        .record(z.string(), z.unknown())
        .describe(
          'terraform output values (sensitive ones left out), as written to the state',
        ),
  },
};
