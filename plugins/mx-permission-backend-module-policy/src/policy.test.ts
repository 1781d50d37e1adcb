import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCreatePermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { mxProjectChangePermission } from '@mx-backstage/plugin-mx-common';
import { MxPermissionPolicy, readMxPolicyOptions } from './policy';

/** Who signs in: user ref → ownership refs (the user and its groups), as the auth backend issues them. */
const USERS: Record<string, string[]> = {
  'user:default/guest': ['user:default/guest', 'group:default/ml-engineers'],
  'user:default/bob': ['user:default/bob'],
  'user:default/grace': ['user:default/grace', 'group:default/platform'],
};

function policyOf(mx: Record<string, any>) {
  return new MxPermissionPolicy({
    ...readMxPolicyOptions(new ConfigReader({ mx })),
    userInfo: {
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: USERS[ref] };
      },
    },
  });
}

const ask = (
  policy: MxPermissionPolicy,
  permission: Permission,
  userRef?: string,
) =>
  policy.handle(
    { permission },
    userRef
      ? {
          credentials: mockCredentials.user(userRef),
          info: { userEntityRef: userRef, ownershipEntityRefs: [] },
        }
      : undefined,
  );

// Conditional decisions evaluated the way the catalog evaluates them, with its own rules.
const catalogAllows = createConditionAuthorizer(Object.values(permissionRules));

const project = (owner: string, type = 'ml-project'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection', namespace: 'default' },
  spec: { type, owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const MX = { admins: { groups: ['group:default/platform'] } };

describe('MxPermissionPolicy', () => {
  it('lets everyone signed in read and run templates', async () => {
    const policy = policyOf({ ...MX, permissions: { creators: ['platform'] } });
    for (const p of [catalogEntityReadPermission, taskCreatePermission]) {
      expect(await ask(policy, p, 'user:default/bob')).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets only the owners change a project (a catalog conditional decision on the entity)', async () => {
    const policy = policyOf(MX);
    const owner = await ask(
      policy,
      mxProjectChangePermission,
      'user:default/guest',
    );
    expect(owner).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
    });
    const ownedByEngineers = project('group:default/ml-engineers');
    expect(catalogAllows(owner, ownedByEngineers)).toBe(true);
    const bob = await ask(
      policy,
      mxProjectChangePermission,
      'user:default/bob',
    );
    expect(catalogAllows(bob, ownedByEngineers)).toBe(false);
    expect(catalogAllows(bob, project('user:default/bob'))).toBe(true);
  });

  it('lets mx.admins change every project', async () => {
    const policy = policyOf(MX);
    expect(
      await ask(policy, mxProjectChangePermission, 'user:default/grace'),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    // Without the admin group configured, grace is nobody special.
    const plain = await ask(
      policyOf({}),
      mxProjectChangePermission,
      'user:default/grace',
    );
    expect(catalogAllows(plain, project('group:default/ml-engineers'))).toBe(
      false,
    );
  });

  it('lets only the owners unregister an ML project; other entities as before', async () => {
    const bob = await ask(
      policyOf(MX),
      catalogEntityDeletePermission,
      'user:default/bob',
    );
    expect(catalogAllows(bob, project('group:default/ml-engineers'))).toBe(
      false,
    );
    expect(
      catalogAllows(bob, project('group:default/ml-engineers', 'service')),
    ).toBe(true);
  });

  it('keeps the create step (mx:repo:publish) to mx.permissions.creators when set', async () => {
    const policy = policyOf({
      ...MX,
      permissions: { creators: ['group:default/ml-engineers'] },
    });
    const bob: PolicyDecision = await ask(
      policy,
      actionExecutePermission,
      'user:default/bob',
    );
    expect(bob).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
      conditions: {
        not: {
          rule: 'HAS_ACTION_ID',
          params: { actionId: 'mx:repo:publish' },
        },
      },
    });
    for (const creator of ['user:default/guest', 'user:default/grace']) {
      expect(await ask(policy, actionExecutePermission, creator)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
    // Unset: any signed-in user creates.
    expect(
      await ask(policyOf(MX), actionExecutePermission, 'user:default/bob'),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows only reads without a signed-in user', async () => {
    const policy = policyOf(MX);
    expect(await ask(policy, catalogEntityReadPermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await ask(policy, mxProjectChangePermission)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('names a config value that is not a group ref', () => {
    expect(() =>
      readMxPolicyOptions(
        new ConfigReader({ mx: { permissions: { creators: ['group:'] } } }),
      ),
    ).toThrow(
      "mx.permissions.creators holds 'group:', which is not a group entity ref like group:default/platform",
    );
  });
});
