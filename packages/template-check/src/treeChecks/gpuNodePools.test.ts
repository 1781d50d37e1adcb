import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { GPU_TYPES, gpuZones } from '@mx-backstage/plugin-mx-common';
import {
  failures,
  goldenTree,
  goldenWithDefect,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { findRepoRoot } from '../lib/paths';
import { gpuNodePools } from './gpuNodePools';

const GKE = 'infrastructure/terraform/gke.tf';
const TFVARS = 'infrastructure/terraform/terraform.tfvars';
const DISTRIBUTED = 'infrastructure/terraform/distributed_training.tf';

function templateParameters(template: string): Record<string, any> {
  const doc = YAML.parse(
    fs.readFileSync(
      path.join(findRepoRoot(), 'templates', template, 'template.yaml'),
      'utf8',
    ),
  );
  return Object.assign(
    {},
    ...doc.spec.parameters.map((p: any) => p.properties ?? {}),
  );
}

describe('GPU node pool zones', () => {
  it('passes the ml-project and distributed-training goldens', async () => {
    for (const fixture of ['minimal', 'maximal']) {
      const rows = await runTreeCheck(
        gpuNodePools,
        await goldenTree('distributed-training', fixture),
      );
      expect(rows.map(r => [r.file, r.status])).toEqual([
        [DISTRIBUTED, 'pass'],
        [GKE, 'pass'],
      ]);
    }
  });

  it('fails when a regional GPU pool caps nodes per zone (issue 8, defect 12)', async () => {
    const tree = await goldenWithDefect(
      'distributed-training',
      'maximal',
      DISTRIBUTED,
      /total_min_node_count = 0\n {4}total_max_node_count = (\d+)\n {4}location_policy {6}= "ANY"/,
      'min_node_count = 0\n    max_node_count = $1',
    );
    const failed = failures(await runTreeCheck(gpuNodePools, tree));
    expect(failed.map(f => f.file)).toEqual([DISTRIBUTED]);
    expect(failed[0].message).toContain(
      'google_container_node_pool.distributed autoscales with min/max_node_count, which apply to each of its zones (us-central1-a, us-central1-b, us-central1-c)',
    );
  });

  it('fails when a GPU pool spans every zone of its region (issue 8, defect 12)', async () => {
    const tree = await goldenWithDefect(
      'distributed-training',
      'maximal',
      DISTRIBUTED,
      /\n {2}node_locations = \[.*\]\n/,
      '\n',
    );
    const [failed] = failures(await runTreeCheck(gpuNodePools, tree));
    expect(failed.message).toContain(
      'google_container_node_pool.distributed spans every zone of us-central1, but nvidia-h100-80gb exists only in us-central1-a, us-central1-b, us-central1-c',
    );
  });

  it('fails on a zone without the GPU type', async () => {
    const tree = await goldenWithDefect(
      'distributed-training',
      'maximal',
      DISTRIBUTED,
      '"us-central1-c"]',
      '"us-central1-f"]',
    );
    const [failed] = failures(await runTreeCheck(gpuNodePools, tree));
    expect(failed.message).toContain(
      'zone us-central1-f does not offer nvidia-h100-80gb',
    );
  });

  it('accepts per-zone counts on a pool of one zone', async () => {
    const base = await goldenTree('ml-project', 'minimal');
    const tree = withEdit(
      withEdit(base, GKE, t =>
        replaceOnce(
          t,
          /total_min_node_count = 0\n {4}total_max_node_count = var\.gpu_node_count_max\n {4}location_policy {6}= "ANY"/,
          'min_node_count = 0\n    max_node_count = var.gpu_node_count_max',
        ),
      ),
      TFVARS,
      t =>
        replaceOnce(
          t,
          /gpu_node_locations = \[.*\]/,
          'gpu_node_locations = ["europe-west4-b"]',
        ),
    );
    expect(failures(await runTreeCheck(gpuNodePools, tree))).toEqual([]);
  });

  it('fails on a node location outside the region', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'minimal',
      TFVARS,
      '"europe-west4-c"]',
      '"us-east1-c"]',
    );
    const [failed] = failures(await runTreeCheck(gpuNodePools, tree));
    expect(failed.message).toContain(
      'node location us-east1-c is not a zone of europe-west4',
    );
  });

  it("offers only regions with the ml-project GPU type, and GPU types MX's zone table knows", () => {
    const regions: string[] = templateParameters('ml-project').region.enum;
    expect(
      regions.filter(r => gpuZones(r, 'nvidia-tesla-t4').length === 0),
    ).toEqual([]);
    const types: string[] = templateParameters('distributed-training').gpuType
      .enum;
    expect(
      types.filter(t => !(GPU_TYPES as readonly string[]).includes(t)),
    ).toEqual([]);
  });
});
