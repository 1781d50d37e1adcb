import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish what a generator changed: a direct commit on the local git host, a pull request on GitHub',
    example: yaml.stringify({
      steps: [
        {
          id: 'push',
          action: 'mx:repo:push',
          name: 'Publish the change',
          input: {
            commitMessage:
              'Add distributed training with the distributed-training generator',
            title: 'Add distributed training',
            description: "${{ steps['reconcile'].output.summary }}",
          },
        },
      ],
    }),
  },
  {
    description: 'Push to a named pull request branch',
    example: yaml.stringify({
      steps: [
        {
          id: 'push',
          action: 'mx:repo:push',
          name: 'Publish the change',
          input: {
            targetPath: 'repo',
            commitMessage: 'Update Cloud Build configuration',
            branchName: 'mx/cloudbuild',
          },
        },
      ],
    }),
  },
];
