import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createGpuLocateAction } from './gpuLocate';
import { examples } from './gpuLocate.examples';

describe('mx:gpu:locate examples', () => {
  it.each(examples)('runs: $description', async example => {
    const step = yaml.parse(example.example).steps[0];
    const ctx = createMockActionContext({ input: step.input });
    await runAction(createGpuLocateAction(), ctx);
    const { zones } = outputsOf(ctx);
    expect(zones.length).toBeGreaterThan(0);
    for (const zone of zones) {
      expect(zone).toMatch(new RegExp(`^${step.input.region}-[a-z]$`));
    }
  });
});
