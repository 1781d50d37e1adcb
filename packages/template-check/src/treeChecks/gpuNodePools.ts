import {
  GPU_ZONES_SOURCE,
  gpuZones,
  isGpuType,
} from '@mx-backstage/plugin-mx-common';
import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';
import { resultRow } from './treeFiles';
import {
  blocksOfType,
  evaluate,
  nested,
  readTerraformModules,
} from '../terraform/graph';

const VALIDATOR = 'GPU node pool zones';

/**
 * GPU node pools of a regional cluster, with the fixture's values:
 *
 * - `autoscaling { min_node_count, max_node_count }` apply to each zone of the pool
 *   (https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool#max_node_count):
 *   on a pool over several zones the user's maximum multiplies (GPU quota, cost). The pool uses
 *   `total_min_node_count` / `total_max_node_count`, or `node_locations` of one zone.
 * - explicit `node_locations` are zones of the pool's region.
 * - a regional pool names its `node_locations`, and each of them offers the pool's accelerator
 *   type (`gpuZones` of `@mx-backstage/plugin-mx-common`): GKE creates the pool's nodes in every
 *   zone it spans and fails the pool where the type does not exist.
 */
export const gpuNodePools: TreeCheck = {
  name: VALIDATOR,
  async run(tree) {
    const rows: FileCheck[] = [];
    for (const m of await readTerraformModules(tree)) {
      for (const pool of blocksOfType(m, 'google_container_node_pool')) {
        const accelerator = nested(
          pool.body,
          'node_config',
          'guest_accelerator',
        );
        if (!accelerator) continue;
        const problems: string[] = [];
        const location = evaluate(m, pool.body.location);
        const zones = evaluate(m, pool.body.node_locations);
        const autoscaling = nested(pool.body, 'autoscaling');
        const oneZone =
          Array.isArray(zones) && zones.length === 1 && zones[0] !== undefined;
        const regional =
          typeof location === 'string' && /^[a-z]+-[a-z]+\d+$/.test(location);
        if (
          autoscaling &&
          ('max_node_count' in autoscaling ||
            'min_node_count' in autoscaling) &&
          !oneZone &&
          (regional || Array.isArray(zones))
        ) {
          problems.push(
            `${
              pool.address
            } autoscales with min/max_node_count, which apply to each of its zones (${
              Array.isArray(zones)
                ? zones.join(', ')
                : `every zone of ${location}`
            }): use total_min_node_count / total_max_node_count so the maximum is the pool's total, or one zone in node_locations`,
          );
        }
        if (Array.isArray(zones) && typeof location === 'string' && regional) {
          for (const z of zones) {
            if (typeof z === 'string' && !z.startsWith(`${location}-`)) {
              problems.push(
                `${pool.address}: node location ${z} is not a zone of ${location}`,
              );
            }
          }
        }
        const type = evaluate(m, accelerator.type);
        if (regional && typeof type === 'string') {
          const offered = gpuZones(location as string, type);
          if (!isGpuType(type)) {
            problems.push(
              `${pool.address}: GPU type ${type} is not in MX's GPU zone table (plugins/mx-common/src/gcp/gpuZones.ts); add it from GCP's GPU regions and zones page`,
            );
          } else if (zones === undefined) {
            problems.push(
              `${
                pool.address
              } spans every zone of ${location}, but ${type} exists only in ${
                offered.join(', ') || 'none of them'
              } (${GPU_ZONES_SOURCE}): set node_locations to those zones`,
            );
          } else if (Array.isArray(zones)) {
            for (const z of zones) {
              if (
                typeof z === 'string' &&
                z.startsWith(`${location}-`) &&
                !offered.includes(z)
              ) {
                problems.push(
                  `${
                    pool.address
                  }: zone ${z} does not offer ${type} (it exists in ${
                    offered.join(', ') || `no zone of ${location}`
                  }; ${GPU_ZONES_SOURCE})`,
                );
              }
            }
          }
        }
        rows.push(resultRow(pool.file, VALIDATOR, problems));
      }
    }
    return rows;
  },
};
