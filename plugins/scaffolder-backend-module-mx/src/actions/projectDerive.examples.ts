import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'The names of a project being created, from the form (read as steps.derive.output.shortName etc.)',
    example: yaml.stringify({
      steps: [
        {
          id: 'derive',
          action: 'mx:project:derive',
          name: 'Derive the project names',
          input: {
            project: {
              name: 'fraud-detection',
              client: 'Müller & Söhne GmbH',
              gcpProjectId: 'acme-fraud-42',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'The names of a checked-out project, from its state',
    example: yaml.stringify({
      steps: [
        {
          id: 'derive',
          action: 'mx:project:derive',
          name: 'Derive the project names',
          input: { project: '${{ steps.checkout.output.project }}' },
        },
      ],
    }),
  },
];
