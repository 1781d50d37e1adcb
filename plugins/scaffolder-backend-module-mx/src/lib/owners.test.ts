import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { assertProjectOperator } from './owners';

const component = (owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'fraud-detection', namespace: 'default' },
  spec: { type: 'ml-project', owner },
});

const check = (
  entities: Entity[],
  user: { ref?: string; entity?: Entity } | undefined,
  admins: string[] = [],
) =>
  assertProjectOperator({
    catalog: catalogServiceMock({ entities }),
    config: new ConfigReader({ mx: { admins: { groups: admins } } }),
    credentials: mockCredentials.user(),
    entityRef: 'component:default/fraud-detection',
    user,
    actionId: 'mx:terraform:apply',
  });

describe('assertProjectOperator', () => {
  it("accepts membership from the initiator's decorated entity relations", async () => {
    const ada: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'ada', namespace: 'default' },
      spec: {},
      relations: [{ type: 'memberOf', targetRef: 'group:default/ml-team' }],
    };
    await expect(
      check([component('group:default/ml-team')], {
        ref: 'user:default/ada',
        entity: ada,
      }),
    ).resolves.toMatchObject({ via: 'group:default/ml-team' });
  });

  it('accepts the owner itself when a user owns the project', async () => {
    await expect(
      check([component('user:default/ada')], { ref: 'user:default/ada' }),
    ).resolves.toMatchObject({ via: 'user:default/ada' });
  });

  it('refuses a run without a known initiator, naming who may run it', async () => {
    const error = await check([component('ml-team')], undefined, [
      'group:default/platform',
    ]).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'Only the owners of component:default/fraud-detection (group:default/ml-team) or mx.admins (group:default/platform) may run mx:terraform:apply on it, and mx:terraform:apply does not know who runs it (a task without a signed-in user). Ask an owner to run it or to add you to group:default/ml-team.',
    );
  });

  it('reports a project that is not in the catalog as a mistake in the input', async () => {
    await expect(check([], { ref: 'user:default/ada' })).rejects.toBeInstanceOf(
      InputError,
    );
  });
});
