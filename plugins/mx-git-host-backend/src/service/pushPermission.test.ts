import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPushPermissionCheck } from './pushPermission';

const project = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'risk-scoring', namespace: 'default' },
  spec: { type: 'ml-project', owner: 'group:default/ml-engineers' },
};

function check(result: AuthorizeResult) {
  const asked: unknown[] = [];
  const permissions = {
    authorize: async (requests: unknown[]) => {
      asked.push(...requests);
      return [{ result }];
    },
  } as unknown as PermissionsService;
  return {
    asked,
    mayPush: createPushPermissionCheck({
      catalog: catalogServiceMock({ entities: [project] }),
      permissions,
      auth: mockServices.auth(),
    }),
  };
}

describe('pushes to the local git host', () => {
  it("refuses a user the policy denies mx.project.change on the repository's project", async () => {
    const { mayPush, asked } = check(AuthorizeResult.DENY);
    await expect(
      mayPush(mockCredentials.user('user:default/bob'), 'risk-scoring'),
    ).resolves.toBe(
      'Only the owners of component:default/risk-scoring (group:default/ml-engineers) or mx.admins may push to it; you are user:default/bob. Ask an owner to push, or to add you to the owner group.',
    );
    expect(asked).toEqual([
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'mx.project.change' }),
        resourceRef: 'component:default/risk-scoring',
      }),
    ]);
  });

  it('lets an allowed user push', async () => {
    const { mayPush } = check(AuthorizeResult.ALLOW);
    await expect(
      mayPush(mockCredentials.user('user:default/guest'), 'risk-scoring'),
    ).resolves.toBeUndefined();
  });

  it('takes any push to a repository whose project is not registered yet, and service pushes', async () => {
    const { mayPush, asked } = check(AuthorizeResult.DENY);
    await expect(
      mayPush(mockCredentials.user('user:default/bob'), 'new-project'),
    ).resolves.toBeUndefined();
    await expect(
      mayPush(mockCredentials.service('plugin:scaffolder'), 'risk-scoring'),
    ).resolves.toBeUndefined();
    expect(asked).toEqual([]);
  });
});
