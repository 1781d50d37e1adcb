import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'A grow generator: after mx:state:merge recorded its answers in repo/.mx/state.yaml, compose the manifests into rendered/ for mx:files:reconcile',
    example: yaml.stringify({
      steps: [
        {
          id: 'compose',
          action: 'mx:manifests:compose',
          name: 'Compose devspace.yaml, catalog-info.yaml and cloudbuild.yaml',
          input: { statePath: 'repo', targetPath: 'rendered' },
        },
      ],
    }),
  },
];
