import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { PROJECT, outputsOf, runAction } from '../__testUtils__/project';
import { createProjectDeriveAction } from './projectDerive';
import { examples } from './projectDerive.examples';

describe('mx:project:derive examples', () => {
  it.each(examples)('runs: $description', async example => {
    const step = yaml.parse(example.example).steps[0];
    // The second example reads the checkout's output: the seeded project stands in for it.
    const project =
      typeof step.input.project === 'string' ? PROJECT : step.input.project;
    const ctx = createMockActionContext({ input: { project } });
    await runAction(createProjectDeriveAction(), ctx);
    const out = outputsOf(ctx);
    expect(out.shortName).toBe('fraud-detection');
    expect(out.clientSlug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(out.stateBucket).toBe(`${project.gcpProjectId}-tfstate`);
  });
});
