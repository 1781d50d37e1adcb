import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Re-run distributed training: answers not sent keep the project's recorded ones",
    example: yaml.stringify({
      steps: [
        {
          id: 'answers',
          action: 'mx:answers:resolve',
          name: 'Resolve the answers',
          input: {
            generatorId: 'distributed-training',
            state: '${{ steps.checkout.output.state }}',
            values: '${{ parameters }}',
            defaults: { workers: 2, gpusPerWorker: 1, gpuType: 'nvidia-l4' },
            destructive:
              'gpuType: the GPU node pool is replaced\ngpusPerWorker: the GPU node pool is replaced',
          },
        },
      ],
    }),
  },
];
