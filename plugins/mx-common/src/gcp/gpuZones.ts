/**
 * The zones of each region where a GPU type can be attached, for the regions and GPU types the
 * MX wizards offer. A GKE node pool creates its nodes in every zone of `node_locations` (every
 * zone of the region when unset) and fails where the accelerator does not exist.
 *
 * Source: SkyPilot's Google Cloud catalog, which is generated from the Compute Engine API
 * (accelerator and machine types per zone): github.com/skypilot-org/skypilot-catalog,
 * `catalogs/v8/gcp/vms.csv` at commit 006059e0f18acb1341e22a27751e9f80df6ba92f, read on
 * 2026-12-01 (rows `,,,T4,1`, `,,,L4,1`, `,,,V100,1` for the N1/G2 accelerators; the zones of
 * `a2-highgpu-1g`, `a2-ultragpu-1g` and `a3-highgpu-1g` for A100 40 GB, A100 80 GB and H100).
 * GCP's own page is https://cloud.google.com/compute/docs/gpus/gpu-regions-zones; check it when
 * adding a region or type, and refresh this table from it (the same per-zone facts) with its date.
 */
export const GPU_ZONES_SOURCE =
  'skypilot-org/skypilot-catalog catalogs/v8/gcp/vms.csv @ 006059e0 (Compute Engine API), read 2026-12-01';

/** GPU types (`guest_accelerator.type`) the wizards offer. */
export const GPU_TYPES = [
  'nvidia-tesla-t4',
  'nvidia-l4',
  'nvidia-tesla-v100',
  'nvidia-tesla-a100',
  'nvidia-a100-80gb',
  'nvidia-h100-80gb',
] as const;
export type GpuType = (typeof GPU_TYPES)[number];

/** Zone letters per region, per GPU type (regions without the type are absent). */
const ZONES: Record<GpuType, Record<string, string>> = {
  'nvidia-tesla-t4': {
    'asia-east1': 'ac',
    'asia-northeast1': 'ac',
    'asia-northeast3': 'bc',
    'asia-south1': 'ab',
    'asia-southeast1': 'abc',
    'australia-southeast1': 'ac',
    'europe-west1': 'bcd',
    'europe-west2': 'ab',
    'europe-west3': 'b',
    'europe-west4': 'abc',
    'northamerica-northeast1': 'c',
    'southamerica-east1': 'abc',
    'us-central1': 'abcf',
    'us-east1': 'bcd',
    'us-east4': 'abc',
    'us-west1': 'ab',
    'us-west2': 'bc',
    'us-west4': 'ab',
  },
  'nvidia-l4': {
    'asia-east1': 'abc',
    'asia-northeast1': 'abc',
    'asia-northeast3': 'ab',
    'asia-south1': 'abc',
    'asia-southeast1': 'abc',
    'europe-west1': 'bc',
    'europe-west2': 'ab',
    'europe-west3': 'ab',
    'europe-west4': 'abc',
    'northamerica-northeast1': 'bc',
    'us-central1': 'abc',
    'us-east1': 'bcd',
    'us-east4': 'ac',
    'us-west1': 'abc',
    'us-west4': 'ac',
  },
  'nvidia-tesla-v100': {
    'asia-east1': 'c',
    'europe-west4': 'abc',
    'us-central1': 'abcf',
    'us-east1': 'bc',
    'us-west1': 'ab',
  },
  'nvidia-tesla-a100': {
    'asia-northeast1': 'ac',
    'asia-northeast3': 'ab',
    'asia-southeast1': 'abc',
    'europe-west4': 'ab',
    'us-central1': 'abcf',
    'us-east1': 'b',
    'us-west1': 'b',
    'us-west4': 'b',
  },
  'nvidia-a100-80gb': {
    'asia-southeast1': 'c',
    'europe-west4': 'a',
    'us-central1': 'ac',
    'us-east4': 'c',
  },
  'nvidia-h100-80gb': {
    'asia-east1': 'c',
    'asia-northeast1': 'b',
    'asia-south1': 'c',
    'asia-southeast1': 'bc',
    'australia-southeast1': 'c',
    'europe-west1': 'bc',
    'europe-west3': 'c',
    'europe-west4': 'bc',
    'us-central1': 'abc',
    'us-east4': 'abc',
    'us-west1': 'ab',
    'us-west4': 'a',
  },
};

export function isGpuType(value: string): value is GpuType {
  return (GPU_TYPES as readonly string[]).includes(value);
}

/** The zones of `region` offering `gpuType` (empty when none, or the type is unknown). */
export function gpuZones(region: string, gpuType: string): string[] {
  if (!isGpuType(gpuType)) return [];
  return [...(ZONES[gpuType][region] ?? '')].map(z => `${region}-${z}`);
}

/** The GPU types offered in at least one zone of `region`. */
export function gpuTypesIn(region: string): GpuType[] {
  return GPU_TYPES.filter(t => gpuZones(region, t).length > 0);
}
