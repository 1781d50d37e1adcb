import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create the state of a new ML project (the ml-project generator)',
    example: yaml.stringify({
      steps: [
        {
          id: 'state',
          action: 'mx:state:merge',
          name: 'Record project state',
          input: {
            generatorId: 'ml-project',
            generatorVersion: '1.0.0',
            project: {
              name: 'fraud-detection',
              client: 'Acme Bank',
              owner: 'group:default/ml-team',
              engineers: ['user:default/ada'],
              gcpProjectId: 'acme-fraud-42',
              region: 'europe-west4',
            },
            deployments: {
              'training-infrastructure': {
                description: 'MLflow tracking server with PostgreSQL',
              },
              'cuda-drivers': { description: 'NVIDIA driver installer' },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Record a generator that needs another one first, with its own values',
    example: yaml.stringify({
      steps: [
        {
          id: 'state',
          action: 'mx:state:merge',
          name: 'Record Seldon serving',
          input: {
            generatorId: 'seldon-serving',
            generatorVersion: '1.0.0',
            requires: ['deployment-infrastructure'],
            values: { modelName: 'fraud-classifier', modelVersion: '3' },
            deployments: { 'seldon-core': {} },
          },
        },
      ],
    }),
  },
];
