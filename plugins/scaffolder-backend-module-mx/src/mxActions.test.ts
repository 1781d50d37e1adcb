import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseState } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT, runAction } from './__testUtils__/project';
import { createMxActions } from './mxActions';

describe('createMxActions', () => {
  const root = createMockDirectory();

  it('gives the actions the clock it is handed: a state created at a fixed time records that time', async () => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
    const fixed = new Date('2031-01-02T03:04:05.000Z');
    const actions = createMxActions({
      config: mockServices.rootConfig({ data: {} }),
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      catalog: catalogServiceMock(),
      permissions: mockServices.permissions(),
      now: () => fixed,
    });
    const merge = actions.find(a => a.id === 'mx:state:merge')!;
    await runAction(
      merge as any,
      createMockActionContext({
        input: {
          generatorId: 'ml-project',
          generatorVersion: '1.0.0',
          project: PROJECT,
        } as any,
        workspacePath: workspace,
        user: { ref: 'user:default/ada' },
      }),
    );
    const state = parseState(
      await fs.readFile(path.join(workspace, '.mx/state.yaml'), 'utf8'),
    );
    expect(state.generators['ml-project'].appliedAt).toBe(fixed.toISOString());
  });
});
