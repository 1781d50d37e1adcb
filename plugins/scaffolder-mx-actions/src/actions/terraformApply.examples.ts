import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Plan the project infrastructure and report what would change, without applying it',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'mx:terraform:apply',
          name: 'Plan infrastructure',
          input: {
            entityRef: 'component:default/fraud-detection',
            credentialsSecret: 'gcpCredentials',
            bootstrapBucket: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Apply the saved plan once a reviewer approved it, waiting up to two minutes for a held state lock',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'mx:terraform:apply',
          name: 'Apply infrastructure',
          input: {
            entityRef: 'component:default/fraud-detection',
            approved: true,
            credentialsSecret: 'gcpCredentials',
            lockTimeout: '2m',
            variables: { gpu_node_count: 1 },
          },
        },
      ],
    }),
  },
];
