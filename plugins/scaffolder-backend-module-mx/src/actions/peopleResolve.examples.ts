import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Check the wizard's owner group and engineers before a project is created (the step fails, naming the value, when one is not in the catalog or an engineer has no profile email)",
    example: yaml.stringify({
      steps: [
        {
          id: 'people',
          action: 'mx:people:resolve',
          name: 'Check the owner and the engineers',
          input: {
            owner: 'group:default/ml-team',
            engineers: ['user:default/ada', 'user:default/grace'],
          },
        },
      ],
    }),
  },
  {
    description:
      "Who may sign in to a grown project's endpoints: its recorded owner and engineers plus extra members, with the changes since the recorded list",
    example: yaml.stringify({
      steps: [
        {
          id: 'people',
          action: 'mx:people:resolve',
          name: 'Derive who may sign in',
          input: {
            owner: 'group:default/ml-team',
            engineers: ['user:default/ada'],
            extraMembers: ['user:reviewer@client.example.com'],
            previousMembers: ['user:ada@example.com'],
          },
        },
      ],
    }),
  },
];
