import { GPU_TYPES, gpuTypesIn, gpuZones } from './gpuZones';

describe('gpuZones', () => {
  it('gives the zones of the region that have the type, as zone names', () => {
    expect(gpuZones('us-east4', 'nvidia-l4')).toEqual([
      'us-east4-a',
      'us-east4-c',
    ]);
    expect(gpuZones('europe-west4', 'nvidia-a100-80gb')).toEqual([
      'europe-west4-a',
    ]);
  });

  it('gives no zone for a region without the type or an unknown type', () => {
    expect(gpuZones('us-west2', 'nvidia-l4')).toEqual([]);
    expect(gpuZones('europe-west4', 'nvidia-k80')).toEqual([]);
  });

  it('lists the types of a region in the wizard order', () => {
    expect(gpuTypesIn('southamerica-east1')).toEqual(['nvidia-tesla-t4']);
    expect(gpuTypesIn('us-central1')).toEqual([...GPU_TYPES]);
  });
});
