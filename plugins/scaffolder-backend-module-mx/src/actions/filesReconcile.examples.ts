import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Bring a generator's render into the checked-out project: manifests managed, the rest seeded",
    example: yaml.stringify({
      steps: [
        {
          id: 'reconcile',
          action: 'mx:files:reconcile',
          name: 'Update the project files',
          input: {
            sourcePath: 'rendered',
            targetPath: 'repo',
            generatorId: 'distributed-training',
            managed: [
              'devspace.yaml',
              'catalog-info.yaml',
              'cloudbuild.yaml',
              'infrastructure/**',
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'Keep one generated file user-owned inside a managed folder, and remove a file the generator no longer renders',
    example: yaml.stringify({
      steps: [
        {
          id: 'reconcile',
          action: 'mx:files:reconcile',
          name: 'Update the project files',
          input: {
            sourcePath: 'rendered',
            generatorId: 'deployment-infrastructure',
            managed: ['infrastructure/**'],
            seeded: ['infrastructure/terraform/terraform.tfvars'],
            remove: ['infrastructure/kubernetes/ingress/legacy-ingress.yaml'],
          },
        },
      ],
    }),
  },
];
