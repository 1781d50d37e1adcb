import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createAnswersResolveAction } from './answersResolve';
import { examples } from './answersResolve.examples';

describe('mx:answers:resolve examples', () => {
  it.each(examples)('runs: $description', async example => {
    const step = yaml.parse(example.example).steps[0];
    // The template expressions stand for a recorded run and a re-run that sends only the project.
    const recorded = {
      workers: 8,
      gpusPerWorker: 4,
      gpuType: 'nvidia-tesla-a100',
    };
    const ctx = createMockActionContext({
      input: {
        ...step.input,
        state: {
          generators: { [step.input.generatorId]: { values: recorded } },
        },
        values: { project: 'component:default/churn' },
      },
    });
    await runAction(createAnswersResolveAction(), ctx);
    expect(outputsOf(ctx).values).toEqual(recorded);
  });
});
