import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deriveNames } from '@mx-backstage/plugin-mx-common';
import { examples } from './projectDerive.examples';

const DESCRIPTIONS = {
  clientSlug:
    'The client as a label value: transliterated to ASCII ("Müller & Söhne GmbH" → muller-sohne-gmbh), at most 63 characters, may be empty',
  shortName:
    'The project name cut to 20 characters without a trailing hyphen: the prefix of GCP resource names (service accounts, buckets, the static IP)',
  packageName: 'The Python package: the project name with underscores',
  stateBucket: 'The Terraform state bucket, <gcpProjectId>-tfstate',
  docsBucket: 'The Sphinx docs bucket, <gcpProjectId>-<shortName>-docs',
  artifactsBucket:
    'The artifacts bucket (MLflow artifacts, models), <gcpProjectId>-<shortName>-artifacts',
} as const;

/**
 * `mx:project:derive` — the names every generator derives from a project's answers, computed
 * once in code (`deriveNames` in `@mx-backstage/plugin-mx-common`) instead of an expression
 * repeated in each template. Pure: no file is read or written.
 */
export function createProjectDeriveAction() {
  return createTemplateAction({
    id: 'mx:project:derive',
    description:
      "Derives the names generators build from a project's answers: the client slug (non-ASCII transliterated), the short name that prefixes GCP resources, the Python package and the state, docs and artifacts buckets.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        project: z =>
          z
            .object({
              name: z.string().min(1).describe('The project name'),
              client: z.string().min(1).describe('The client'),
              gcpProjectId: z.string().min(1).describe('The GCP project id'),
            })
            .passthrough()
            .describe(
              "The project's answers, e.g. `${{ steps.checkout.output.project }}` (other keys are ignored)",
            ),
      },
      output: {
        clientSlug: z => z.string().describe(DESCRIPTIONS.clientSlug),
        shortName: z => z.string().describe(DESCRIPTIONS.shortName),
        packageName: z => z.string().describe(DESCRIPTIONS.packageName),
        stateBucket: z => z.string().describe(DESCRIPTIONS.stateBucket),
        docsBucket: z => z.string().describe(DESCRIPTIONS.docsBucket),
        artifactsBucket: z => z.string().describe(DESCRIPTIONS.artifactsBucket),
      },
    },
    async handler(ctx) {
      const names = deriveNames(ctx.input.project);
      for (const [key, value] of Object.entries(names)) {
        ctx.output(key as keyof typeof names, value);
      }
    },
  });
}
