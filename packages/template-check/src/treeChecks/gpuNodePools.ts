import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';
import {
  blocksOfType,
  evaluate,
  nested,
  readTerraformModules,
} from '../terraform/graph';

const VALIDATOR = 'GPU node pool autoscaling';

/**
 * GPU node pools of a regional cluster, with the fixture's values:
 *
 * - `autoscaling { min_node_count, max_node_count }` apply to each zone of the pool
 *   (https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool#max_node_count):
 *   on a pool over several zones the user's maximum multiplies (GPU quota, cost). The pool uses
 *   `total_min_node_count` / `total_max_node_count`, or `node_locations` of one zone.
 * - explicit `node_locations` are zones of the pool's region.
 *
 * Not checked here: whether each zone offers the accelerator type (needs GCP's per-zone GPU
 * table, see the kit README).
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
        rows.push(
          problems.length
            ? {
                file: pool.file,
                validator: VALIDATOR,
                status: 'fail',
                message: problems.join('\n'),
              }
            : { file: pool.file, validator: VALIDATOR, status: 'pass' },
        );
      }
    }
    return rows;
  },
};
