import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Plan the project infrastructure, report what would change and keep the plan as the project's pending plan, without applying it",
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
      'Apply a reviewed saved plan (the planId a plan run printed) and nothing else, waiting up to two minutes for a held state lock',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'mx:terraform:apply',
          name: 'Apply infrastructure',
          input: {
            entityRef: 'component:default/fraud-detection',
            planId: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d',
            credentialsSecret: 'gcpCredentials',
            lockTimeout: '2m',
          },
        },
      ],
    }),
  },
];
