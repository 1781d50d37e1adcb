import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PROJECT, outputsOf, runAction } from '../__testUtils__/project';
import { createProjectDeriveAction } from './projectDerive';

async function derive(project: Record<string, unknown>) {
  const ctx = createMockActionContext({ input: { project } as any });
  await runAction(createProjectDeriveAction(), ctx);
  return outputsOf(ctx);
}

describe('mx:project:derive', () => {
  it('slugs a non-ASCII client by transliterating it', async () => {
    const out = await derive({ ...PROJECT, client: 'Müller & Söhne GmbH' });
    expect(out.clientSlug).toBe('muller-sohne-gmbh');
  });

  it('derives the short name and buckets from a long project name', async () => {
    const out = await derive({
      ...PROJECT,
      name: 'northwind-payments-fraud-scoring',
    });
    expect(out).toEqual({
      clientSlug: 'acme-bank',
      shortName: 'northwind-payments-f',
      packageName: 'northwind_payments_fraud_scoring',
      stateBucket: 'acme-fraud-42-tfstate',
      docsBucket: 'acme-fraud-42-northwind-payments-f-docs',
      artifactsBucket: 'acme-fraud-42-northwind-payments-f-artifacts',
    });
  });

  it('refuses a project without a client', async () => {
    await expect(derive({ name: 'x', gcpProjectId: 'acme-fraud-42' })).rejects.toThrow(
      /client/,
    );
  });
});
