/**
 * Fixtures for tests of MX packages (the `./testUtils` export; not part of the runtime API).
 *
 * @packageDocumentation
 */

/** The project answers every MX test uses: the ml-project generator's answers for a sample client. */
export const EXAMPLE_PROJECT = {
  name: 'fraud-detection',
  client: 'Acme Bank',
  owner: 'group:default/ml-team',
  engineers: ['user:default/ada'],
  gcpProjectId: 'acme-fraud-42',
  region: 'europe-west4' as const,
};
