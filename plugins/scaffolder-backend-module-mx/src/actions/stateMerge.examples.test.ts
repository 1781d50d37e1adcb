import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseState, serializeState } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { outputsOf, runAction, seedState } from '../__testUtils__/project';
import { createStateMergeAction } from './stateMerge';
import { examples } from './stateMerge.examples';

describe('mx:state:merge examples', () => {
  const root = createMockDirectory();

  it.each(examples)('runs: $description', async example => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
    const step = yaml.parse(example.example).steps[0];
    // A generator that grows a project runs on an existing state with its prerequisites applied.
    if (!step.input.project) {
      const state = await seedState(workspace);
      for (const id of step.input.requires ?? []) {
        state.generators[id] = {
          version: '1.0.0',
          values: {},
          appliedAt: '2026-11-28T10:00:00.000Z',
          appliedBy: 'user:default/ada',
        };
      }
      await fs.writeFile(
        path.join(workspace, '.mx/state.yaml'),
        serializeState(state),
      );
    }
    const ctx = createMockActionContext({
      input: step.input,
      workspacePath: workspace,
      user: { ref: 'user:default/ada' },
    });
    await runAction(createStateMergeAction(), ctx);
    const written = parseState(
      await fs.readFile(path.join(workspace, '.mx/state.yaml'), 'utf8'),
    );
    expect(written.generators[step.input.generatorId].version).toBe(
      step.input.generatorVersion,
    );
    expect(outputsOf(ctx).state).toEqual(JSON.parse(JSON.stringify(written)));
  });
});
