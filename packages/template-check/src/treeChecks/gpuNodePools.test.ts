import {
  failures,
  goldenTree,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { gpuNodePools } from './gpuNodePools';

const GKE = 'infrastructure/terraform/gke.tf';
const DISTRIBUTED = 'infrastructure/terraform/distributed_training.tf';

describe('GPU node pool autoscaling', () => {
  it('passes the ml-project and distributed-training goldens', async () => {
    const rows = await runTreeCheck(
      gpuNodePools,
      await goldenTree('distributed-training', 'maximal'),
    );
    expect(rows.map(r => [r.file, r.status])).toEqual([
      [DISTRIBUTED, 'pass'],
      [GKE, 'pass'],
    ]);
  });

  it('fails when a regional GPU pool caps nodes per zone (issue 8, defect 12)', async () => {
    const tree = withEdit(
      await goldenTree('distributed-training', 'maximal'),
      DISTRIBUTED,
      t =>
        replaceOnce(
          t,
          /total_min_node_count = 0\n {4}total_max_node_count = (\d+)\n {4}location_policy {6}= "ANY"/,
          'min_node_count = 0\n    max_node_count = $1',
        ),
    );
    const failed = failures(await runTreeCheck(gpuNodePools, tree));
    expect(failed.map(f => f.file)).toEqual([DISTRIBUTED]);
    expect(failed[0].message).toContain(
      'google_container_node_pool.distributed autoscales with min/max_node_count, which apply to each of its zones (every zone of us-central1)',
    );
  });

  it('accepts per-zone counts on a pool of one zone', async () => {
    const tree = withEdit(await goldenTree('ml-project', 'minimal'), GKE, t =>
      replaceOnce(
        replaceOnce(
          t,
          /total_min_node_count = 0\n {4}total_max_node_count = var\.gpu_node_count_max\n {4}location_policy {6}= "ANY"/,
          'min_node_count = 0\n    max_node_count = var.gpu_node_count_max',
        ),
        /(resource "google_container_node_pool" "gpu" \{\n(?:.*\n){3})/,
        '$1  node_locations = ["europe-west4-b"]\n',
      ),
    );
    expect(failures(await runTreeCheck(gpuNodePools, tree))).toEqual([]);
  });

  it('fails on a node location outside the region', async () => {
    const tree = withEdit(await goldenTree('ml-project', 'minimal'), GKE, t =>
      replaceOnce(
        t,
        /(resource "google_container_node_pool" "gpu" \{\n(?:.*\n){3})/,
        '$1  node_locations = ["us-east1-c"]\n',
      ),
    );
    const [failed] = failures(await runTreeCheck(gpuNodePools, tree));
    expect(failed.message).toContain(
      'node location us-east1-c is not a zone of europe-west4',
    );
  });
});
