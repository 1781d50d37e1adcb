import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish a freshly rendered project (local git host, or GitHub when mx.publish.target is github)',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'mx:repo:publish',
          name: 'Publish repository',
          input: {
            name: 'fraud-detection',
            description: 'Fraud detection for Acme Bank',
            commitMessage:
              'Create fraud-detection from the ml-project generator',
          },
        },
      ],
    }),
  },
];
