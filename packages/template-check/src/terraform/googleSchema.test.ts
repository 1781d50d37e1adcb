import { loadGoogleProviderSchema } from './googleSchema';

// The first run in a fresh checkout derives the schema from the 100 MB .jsii (a few seconds).
jest.setTimeout(120_000);

describe('the google provider schema derived from @cdktf/provider-google', () => {
  const schema = loadGoogleProviderSchema();

  it('knows the provider version and every resource and data source type', () => {
    expect(schema.index.providerVersion).toMatch(/^6\.\d+\.\d+$/);
    expect(schema.resourceTypes.size).toBeGreaterThan(1000);
    expect(schema.resourceTypes).toContain('google_container_node_pool');
    expect(schema.dataSourceTypes).toContain('google_dns_managed_zone');
    expect(schema.dataSourceTypes).not.toContain('google_container_node_pool');
  });

  it('uses the Terraform names, not the bindings’ camelCase (k8s, ipv4)', () => {
    const cluster = schema.resource('google_container_cluster')!.fields;
    expect(cluster.enable_k8s_beta_apis).toMatchObject({ kind: 'block' });
    expect(cluster.tpu_ipv4_cidr_block).toMatchObject({ kind: 'computed' });
    expect(cluster.enableK8SBetaApis).toBeUndefined();
  });

  it('tells arguments, blocks and computed attributes apart, with required flags and nesting', () => {
    const cluster = schema.resource('google_container_cluster')!.fields;
    expect(cluster.name).toEqual({ kind: 'argument', required: true });
    expect(cluster.resource_labels).toEqual({ kind: 'argument', shape: 'map' });
    expect(cluster.endpoint).toEqual({ kind: 'computed' });
    expect(cluster.master_auth).toMatchObject({ kind: 'block', shape: 'list' });
    expect(cluster.master_auth.nested!.fields).toMatchObject({
      client_certificate_config: { kind: 'block', required: true },
      cluster_ca_certificate: { kind: 'computed' },
    });
    // a single nested block (not a list): read as timeouts.create
    expect(cluster.timeouts).toMatchObject({ kind: 'block', shape: 'object' });
    const bucket = schema.resource('google_storage_bucket')!.fields;
    expect(bucket.lifecycle_rule.nested!.fields.condition).toMatchObject({
      kind: 'block',
      required: true,
    });
  });
});
