import { z } from 'zod';

/** Where every MX project keeps its state, relative to the repository root. */
export const STATE_FILE_PATH = '.mx/state.yaml';
/** The only state format this release reads and writes. */
export const STATE_API_VERSION = 'mx.backstage.io/v1alpha1';
export const STATE_KIND = 'ProjectState';

/** Backstage entity names: what the repository and the component are called. */
export const PROJECT_NAME_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
/** GCP project ids: 6–30 chars, lowercase letter first, letters/digits/hyphens, no trailing hyphen. */
export const GCP_PROJECT_ID_PATTERN = '^[a-z][a-z0-9-]{4,28}[a-z0-9]$';

/** GCP regions that offer GPUs (NVIDIA T4/L4/A100) for the training node pool. */
export const GPU_REGIONS = [
  'asia-east1',
  'asia-northeast1',
  'asia-northeast3',
  'asia-south1',
  'asia-southeast1',
  'australia-southeast1',
  'europe-west1',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'northamerica-northeast1',
  'southamerica-east1',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-west1',
  'us-west2',
  'us-west4',
] as const;

const isoTime = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), 'expected an ISO-8601 time');

export const projectSchema = z
  .object({
    name: z
      .string()
      .max(63)
      .regex(
        new RegExp(PROJECT_NAME_PATTERN),
        'lowercase letters, digits and single hyphens, at most 63 characters',
      ),
    client: z.string().min(1, 'the client name must not be empty'),
    description: z.string().optional(),
    owner: z.string().min(1, 'an owner group entity reference is required'),
    engineers: z.array(z.string().min(1)).default([]),
    gcpProjectId: z
      .string()
      .regex(
        new RegExp(GCP_PROJECT_ID_PATTERN),
        'a GCP project id: 6-30 characters, a lowercase letter first, lowercase letters, digits and hyphens, no trailing hyphen',
      ),
    region: z.enum(GPU_REGIONS, {
      error: `a GCP region that offers GPUs: one of ${GPU_REGIONS.join(', ')}`,
    }),
    zone: z.string().optional(),
    baseDomain: z.string().optional(),
  })
  .strict();

export const generatorRecordSchema = z
  .object({
    version: z.string().min(1),
    values: z.record(z.string(), z.unknown()).default({}),
    appliedAt: isoTime,
    appliedBy: z.string().min(1),
  })
  .strict();

export const fileRecordSchema = z.preprocess(
  // The first v1alpha1 states also recorded which generator wrote a file. Which generator last
  // rendered a shared file depends on the order generators ran in, so it is no longer kept: a
  // generator removes only the paths it lists in `remove`, and only while unedited.
  v => {
    if (!v || typeof v !== 'object') return v;
    const {
      generator: _g,
      generators: _gs,
      ...rest
    } = v as Record<string, unknown>;
    return rest;
  },
  z
    .object({
      mode: z.enum(['managed', 'seeded']),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a hex sha256'),
      // Which three-way merge last combined the user's edits with a render (absent: none ran,
      // as in every state written before the structural merge existed).
      merge: z.enum(['structural', 'line']).optional(),
    })
    .strict(),
);

export const infrastructureSchema = z
  .object({
    backend: z
      .object({ bucket: z.string().min(3), prefix: z.string().min(1) })
      .strict(),
    lastPlan: z
      .object({
        at: isoTime,
        by: z.string(),
        add: z.number().int(),
        change: z.number().int(),
        destroy: z.number().int(),
      })
      .strict()
      .optional(),
    lastApply: z
      .object({
        at: isoTime,
        by: z.string(),
        add: z.number().int(),
        change: z.number().int(),
        destroy: z.number().int(),
      })
      .strict()
      .optional(),
    outputs: z.record(z.string(), z.unknown()).default({}),
    /**
     * The service account MX impersonates to operate this project, when a platform admin names
     * one; otherwise the `operator_service_account` Terraform output is used.
     */
    operatorServiceAccount: z
      .string()
      .regex(
        /^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/,
        'must be a service-account email (<name>@<project>.iam.gserviceaccount.com)',
      )
      .optional(),
  })
  .strict();

export const deploymentRecordSchema = z
  .object({
    generator: z.string().min(1),
    description: z.string().optional(),
  })
  .strict();

export const projectStateSchema = z
  .object({
    apiVersion: z.literal(STATE_API_VERSION),
    kind: z.literal(STATE_KIND),
    project: projectSchema,
    generators: z.record(z.string(), generatorRecordSchema).default({}),
    files: z.record(z.string(), fileRecordSchema).default({}),
    infrastructure: infrastructureSchema,
    deployments: z.record(z.string(), deploymentRecordSchema).default({}),
  })
  .strict();

export type ProjectValues = z.infer<typeof projectSchema>;
export type GeneratorRecord = z.infer<typeof generatorRecordSchema>;
export type FileRecord = z.infer<typeof fileRecordSchema>;
export type Infrastructure = z.infer<typeof infrastructureSchema>;
export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;
export type ProjectState = z.infer<typeof projectStateSchema>;

/** The Terraform GCS backend of a project: one bucket per GCP project, one prefix per MX project. */
export function defaultTerraformBackend(project: {
  name: string;
  gcpProjectId: string;
}) {
  return {
    bucket: `${project.gcpProjectId}-tfstate`,
    prefix: `mx/${project.name}`,
  };
}
