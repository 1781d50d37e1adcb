import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'The zones of the project region with NVIDIA L4 GPUs, for the node_locations of a GPU node pool',
    example: yaml.stringify({
      steps: [
        {
          id: 'gpuZones',
          action: 'mx:gpu:locate',
          name: 'Find the zones with the GPU type',
          input: { region: 'europe-west4', gpuType: 'nvidia-l4' },
        },
      ],
    }),
  },
  {
    description: 'H100 GPUs in us-central1',
    example: yaml.stringify({
      steps: [
        {
          id: 'gpuZones',
          action: 'mx:gpu:locate',
          name: 'Find the zones with the GPU type',
          input: { region: 'us-central1', gpuType: 'nvidia-h100-80gb' },
        },
      ],
    }),
  },
];
