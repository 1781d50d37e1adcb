import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createPeopleResolveAction } from './peopleResolve';
import { examples } from './peopleResolve.examples';

const user = (name: string, email: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { email }, memberOf: ['ml-team'] },
});

const catalog = catalogServiceMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'ml-team', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    user('ada', 'ada@example.com'),
    user('grace', 'grace@example.com'),
  ],
});

describe('mx:people:resolve examples', () => {
  it.each(examples)('runs: $description', async example => {
    const step = yaml.parse(example.example).steps[0];
    const ctx = createMockActionContext({ input: step.input });
    await runAction(createPeopleResolveAction({ catalog }), ctx);
    const out = outputsOf(ctx);
    expect(out.owner).toBe('group:default/ml-team');
    // Every engineer of the example and every member of the group may sign in
    for (const ref of step.input.engineers) {
      const email = `${ref.split('/')[1]}@example.com`;
      expect(out.accessMembers).toContain(`user:${email}`);
    }
    for (const extra of step.input.extraMembers ?? []) {
      expect(out.accessMembers).toContain(extra);
    }
  });
});
