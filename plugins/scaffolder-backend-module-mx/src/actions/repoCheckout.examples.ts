import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check out the project chosen on the form and use its answers in later steps',
    example: yaml.stringify({
      steps: [
        {
          id: 'checkout',
          action: 'mx:repo:checkout',
          name: 'Check out the project',
          input: { entityRef: '${{ parameters.project }}' },
        },
        {
          id: 'render',
          action: 'fetch:template',
          name: 'Render the generator',
          input: {
            url: './skeleton',
            targetPath: 'rendered',
            values: {
              name: '${{ steps.checkout.output.project.name }}',
              gcpProjectId: '${{ steps.checkout.output.project.gcpProjectId }}',
              region: '${{ steps.checkout.output.project.region }}',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Check out a project into another folder of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'checkout',
          action: 'mx:repo:checkout',
          name: 'Check out the project',
          input: {
            entityRef: 'component:default/fraud-detection',
            targetPath: 'project',
          },
        },
      ],
    }),
  },
];
