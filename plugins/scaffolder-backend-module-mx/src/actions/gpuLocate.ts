import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GPU_TYPES,
  GPU_ZONES_SOURCE,
  gpuTypesIn,
  gpuZones,
} from '@mx-backstage/plugin-mx-common';
import { examples } from './gpuLocate.examples';

/**
 * `mx:gpu:locate` — the zones of a region that offer a GPU type (the `node_locations` of a GPU
 * node pool: a pool over a zone without the type fails to create). Refuses a region/type
 * combination no zone offers, naming the types the region has. The table and its source are
 * in `@mx-backstage/plugin-mx-common` (`gcp/gpuZones.ts`).
 */
export function createGpuLocateAction() {
  return createTemplateAction({
    id: 'mx:gpu:locate',
    description:
      'Returns the zones of a region where a GPU type exists (for a GPU node pool’s node_locations); fails when the region has none.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        region: z =>
          z
            .string()
            .describe('Compute region of the cluster, e.g. europe-west4'),
        gpuType: z =>
          z
            .enum(GPU_TYPES)
            .describe(
              'Accelerator type (guest_accelerator.type), e.g. nvidia-l4',
            ),
      },
      output: {
        zones: z =>
          z
            .array(z.string())
            .describe('Zones of the region offering the GPU type, sorted'),
      },
    },
    async handler(ctx) {
      const { region, gpuType } = ctx.input;
      const zones = gpuZones(region, gpuType);
      if (zones.length === 0) {
        const offered = gpuTypesIn(region);
        throw new InputError(
          `No zone of ${region} offers ${gpuType}, so its node pool could not be created. ${
            offered.length
              ? `GPU types in ${region}: ${offered.join(', ')}.`
              : `${region} offers none of the GPU types MX knows (${GPU_TYPES.join(
                  ', ',
                )}).`
          } Choose one of them (source: ${GPU_ZONES_SOURCE}).`,
        );
      }
      ctx.logger.info(`${gpuType} in ${region}: ${zones.join(', ')}`);
      ctx.output('zones', zones);
    },
  });
}
