import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Build, test and push the project image on every push to main; the trigger is added as Terraform',
    example: yaml.stringify({
      steps: [
        {
          id: 'cloudbuild',
          action: 'mx:cloudbuild:enable',
          name: 'Enable Cloud Build',
          input: {
            steps: ['image', 'test', 'lint'],
            githubOwner: 'acme-ml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Also publish the Sphinx docs and the Python package, and create the trigger right away with gcloud',
    example: yaml.stringify({
      steps: [
        {
          id: 'cloudbuild',
          action: 'mx:cloudbuild:enable',
          name: 'Enable Cloud Build',
          input: {
            steps: ['image', 'test', 'lint', 'docs', 'package'],
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
