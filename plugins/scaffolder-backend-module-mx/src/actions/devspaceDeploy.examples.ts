import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Deploy two of the project's deployments to its GKE cluster (credentials from gcloud)",
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'mx:devspace:deploy',
          name: 'Deploy to cluster',
          input: {
            entityRef: 'component:default/fraud-detection',
            deployments: ['training-infrastructure', 'cuda-drivers'],
            credentialsSecret: 'gcpCredentials',
          },
        },
      ],
    }),
  },
  {
    description:
      'Deploy every deployment with a production profile into a chosen namespace, using a kubeconfig secret',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'mx:devspace:deploy',
          name: 'Deploy to cluster',
          input: {
            entityRef: 'component:default/fraud-detection',
            namespace: 'fraud-detection-prod',
            profiles: ['production'],
            kubeconfigSecret: 'kubeconfig',
          },
        },
      ],
    }),
  },
];
