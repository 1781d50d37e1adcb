import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'The trigger of pushes to main, added as Terraform into the rendered tree (created by the next infrastructure apply)',
    example: yaml.stringify({
      steps: [
        {
          id: 'cloudbuild',
          action: 'mx:cloudbuild:enable',
          name: 'Add the Cloud Build trigger',
          input: {
            targetPath: 'repo',
            outputPath: 'rendered',
            githubOwner: 'acme-ml',
          },
        },
      ],
    }),
  },
  {
    description:
      'The trigger of pushes to a release branch, created right away with gcloud',
    example: yaml.stringify({
      steps: [
        {
          id: 'cloudbuild',
          action: 'mx:cloudbuild:enable',
          name: 'Add the Cloud Build trigger',
          input: {
            targetPath: 'repo',
            trigger: 'gcloud',
            githubOwner: 'acme-ml',
            branch: 'release',
            credentialsSecret: 'gcpCredentials',
          },
        },
      ],
    }),
  },
];
