import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createGpuLocateAction } from './gpuLocate';

describe('mx:gpu:locate', () => {
  it("returns only the region's zones that have the GPU type", async () => {
    const ctx = createMockActionContext({
      input: { region: 'us-east4', gpuType: 'nvidia-l4' },
    });
    await runAction(createGpuLocateAction(), ctx);
    // us-east4 has zones a, b and c; L4 GPUs are in a and c only.
    expect(outputsOf(ctx).zones).toEqual(['us-east4-a', 'us-east4-c']);
  });

  it('refuses a region without the GPU type and names the types it has', async () => {
    const ctx = createMockActionContext({
      input: { region: 'australia-southeast1', gpuType: 'nvidia-l4' },
    });
    await expect(runAction(createGpuLocateAction(), ctx)).rejects.toThrow(
      /No zone of australia-southeast1 offers nvidia-l4.*GPU types in australia-southeast1: nvidia-tesla-t4, nvidia-h100-80gb/,
    );
  });

  it('refuses a GPU type it does not know', async () => {
    const ctx = createMockActionContext({
      input: { region: 'europe-west4', gpuType: 'nvidia-k80' },
    });
    await expect(runAction(createGpuLocateAction(), ctx)).rejects.toThrow(
      /Invalid input passed to action mx:gpu:locate/,
    );
  });
});
