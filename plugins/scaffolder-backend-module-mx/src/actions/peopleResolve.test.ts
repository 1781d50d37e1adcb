import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createPeopleResolveAction } from './peopleResolve';

const group = (name: string, email?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'team',
    children: [],
    ...(email ? { profile: { email } } : {}),
  },
});
const user = (
  name: string,
  profile: { email?: string; displayName?: string },
  memberOf: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile, memberOf },
});

const ENTITIES: Entity[] = [
  group('ml-team'),
  group('fraud-ml', 'fraud-ml@acme.example'),
  // members written the three ways spec.memberOf allows
  user('ada', { email: 'ada@acme.example', displayName: 'Ada' }, ['ml-team']),
  user('alan', { email: 'alan@acme.example' }, ['group:default/ml-team']),
  user('bot', {}, ['default/ml-team']),
  user('grace', { email: 'grace@acme.example' }, ['fraud-ml']),
  user('bob', {}, []),
  user('typo', { email: 'typo-at-acme.example' }, []),
];

async function run(input: JsonObject, entities = ENTITIES) {
  const ctx = createMockActionContext({ input });
  const warn = jest.spyOn(ctx.logger, 'warn');
  const action = createPeopleResolveAction({
    catalog: catalogServiceMock({ entities }),
  });
  await runAction(action, ctx);
  return { out: outputsOf(ctx), warn };
}

describe('mx:people:resolve', () => {
  it('refuses an owner group that is not in the catalog, saying how to fix it', async () => {
    await expect(run({ owner: 'group:default/team-x' })).rejects.toThrow(
      'owner group:default/team-x is not in the catalog — pick an existing group or register it',
    );
  });

  it('refuses an engineer without spec.profile.email, saying how to fix it', async () => {
    await expect(
      run({ owner: 'group:default/ml-team', engineers: ['user:default/bob'] }),
    ).rejects.toThrow(
      'engineer user:default/bob has no spec.profile.email — add it to the user entity',
    );
  });

  it('refuses engineers that are not users, users as owner, and malformed emails, listing every problem', async () => {
    const error = await run({
      owner: 'user:default/ada',
      engineers: [
        'user:default/nobody',
        'group:default/ml-team',
        'user:default/typo',
      ],
    }).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message.split('\n')).toEqual([
      "The project's people need fixing:",
      '- owner user:default/ada is a user, not a Group — a project is owned by a team: pick a group, e.g. group:default/ml-team',
      '- engineer group:default/ml-team is a group, not a User — list people, e.g. user:default/ada',
      '- engineer user:default/nobody is not in the catalog — pick an existing user or register it',
      "- engineer user:default/typo has spec.profile.email 'typo-at-acme.example', which is not an email address — correct it in the user entity",
    ]);
  });

  it('refuses an extra member that is not an IAM member', async () => {
    await expect(
      run({ owner: 'ml-team', extraMembers: ['reviewer@client.example'] }),
    ).rejects.toThrow(
      "extra member 'reviewer@client.example' is not an IAM member — write user:<email>, group:<email>, serviceAccount:<email> or domain:<domain>",
    );
  });

  it("accepts short refs and returns the engineers' entities in order, like catalog:fetch", async () => {
    const { out } = await run({
      owner: 'ml-team',
      engineers: ['grace', 'user:default/ada', 'ada'],
    });
    expect(out.owner).toBe('group:default/ml-team');
    expect(out.engineers).toEqual([
      { ref: 'user:default/grace', email: 'grace@acme.example' },
      {
        ref: 'user:default/ada',
        email: 'ada@acme.example',
        displayName: 'Ada',
      },
    ]);
    expect(out.entities.map((e: Entity) => e.metadata.name)).toEqual([
      'grace',
      'ada',
    ]);
  });

  it("lets the owner group's members and the engineers sign in as users when the group has no email", async () => {
    const { out, warn } = await run({
      owner: 'group:default/ml-team',
      engineers: ['user:default/grace'],
      extraMembers: [
        'serviceAccount:caller@client-proj.iam.gserviceaccount.com',
      ],
    });
    expect(out.ownerEmail).toBe('');
    expect(out.ownerMembers.map((m: { ref: string }) => m.ref)).toEqual([
      'user:default/ada',
      'user:default/alan',
      'user:default/bot',
    ]);
    expect(out.accessMembers).toEqual([
      'serviceAccount:caller@client-proj.iam.gserviceaccount.com',
      'user:ada@acme.example',
      'user:alan@acme.example',
      'user:grace@acme.example',
    ]);
    // The member without an email cannot be granted: said, not hidden
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('user:default/bot'),
    );
  });

  it('lets the group in as group:<email> when the owner group has spec.profile.email', async () => {
    const { out } = await run({
      owner: 'group:default/fraud-ml',
      engineers: ['user:default/ada'],
    });
    expect(out.ownerEmail).toBe('fraud-ml@acme.example');
    expect(out.accessMembers).toEqual([
      'group:fraud-ml@acme.example',
      'user:ada@acme.example',
    ]);
  });

  it('lists the members added and removed since the recorded list', async () => {
    const { out } = await run({
      owner: 'group:default/fraud-ml',
      engineers: ['user:default/ada'],
      previousMembers: ['group:fraud-ml@acme.example', 'user:old@acme.example'],
    });
    expect(out.accessChangesSection).toBe(
      [
        'Who may sign in (Identity-Aware Proxy):',
        '- added user:ada@acme.example',
        '- removed user:old@acme.example',
      ].join('\n'),
    );
    const same = await run({
      owner: 'group:default/fraud-ml',
      previousMembers: ['group:fraud-ml@acme.example'],
    });
    expect(same.out.accessChangesSection).toBe('');
  });
});
