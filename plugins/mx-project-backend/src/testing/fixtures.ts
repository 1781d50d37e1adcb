import type { Entity } from '@backstage/catalog-model';

/** A valid `.mx/state.yaml` of a project that has had two generators and one apply. */
export const VALID_STATE_YAML = `apiVersion: mx.backstage.io/v1alpha1
kind: ProjectState
project:
  name: churn
  client: Acme Telecom
  owner: group:default/ml-team
  engineers:
    - user:default/ada
  gcpProjectId: acme-churn-42
  region: europe-west4
generators:
  deployment-infrastructure:
    version: 1.2.0
    values: {}
    appliedAt: 2026-11-20T10:00:00.000Z
    appliedBy: user:default/grace
  ml-project:
    version: 1.0.0
    values: {}
    appliedAt: 2026-11-01T09:00:00.000Z
    appliedBy: user:default/ada
files: {}
infrastructure:
  backend:
    bucket: acme-churn-42-tfstate
    prefix: mx/churn
  lastApply:
    at: 2026-11-21T08:30:00.000Z
    by: user:default/grace
    add: 12
    change: 1
    destroy: 0
  outputs:
    cluster_name:
      value: churn-gke
      type: string
      sensitive: false
    streamlit_url:
      value: http://10.0.0.5/
      type: string
      sensitive: false
    metadata_url: http://169.254.169.254/computeMetadata/v1/
deployments: {}
`;

/** A state file with a schema error on a known line. */
export const INVALID_STATE_YAML = VALID_STATE_YAML.replace(
  'region: europe-west4',
  'region: mars-north1',
);

/** An `ml-project` component as the catalog would hold it. */
export function projectEntity(
  name: string,
  annotations: Record<string, string> = {},
  links: Array<{ url: string; title?: string }> = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/source-location': `url:https://git.example.test/acme/${name}/tree/main/`,
        ...annotations,
      },
      links,
    },
    spec: {
      type: 'ml-project',
      lifecycle: 'experimental',
      owner: 'group:default/ml-team',
    },
  };
}
