import { DEVSPACE, merge } from './__testUtils__';

describe('mergeStructured: devspace.yaml', () => {
  it('keeps a deployment the user added beside the one a generator adds, and merges the deploy script line by line', () => {
    const render = DEVSPACE.replace(
      'create_deployments cuda-drivers training-infrastructure',
      'create_deployments cuda-drivers training-infrastructure cvat',
    ).concat(`  cvat:
    helm:
      chart:
        name: cvat
`);
    const user = DEVSPACE.replace('for d in a b; do', 'for d in a b c; do')
      .concat(`  # my notebook server
  jupyter:
    kubectl:
      manifests:
        - k8s/jupyter/
`);
    const r = merge('devspace.yaml', DEVSPACE, render, user);
    expect(r.conflicts).toEqual([]);
    expect(r.text).toContain('for d in a b c; do');
    expect(r.text).toContain(
      'create_deployments cuda-drivers training-infrastructure cvat',
    );
    expect(r.text).toMatch(/ {2}# my notebook server\n {2}jupyter:\n/);
    expect(r.text.indexOf('  cvat:')).toBeGreaterThan(0);
    expect(r.text.startsWith('# Managed by MX\n')).toBe(true);
  });

  it('keeps a re-indented file re-indented and adds what MX adds with its indentation', () => {
    const reindented = DEVSPACE.replace(/^( +)/gm, m => m + m).replace(
      'REGION: europe-west4',
      'REGION: europe-west4\n    IMAGE_TAG: dev',
    );
    const render = DEVSPACE.replace(
      'REGION: europe-west4',
      'REGION: europe-west4\n  GCP_PROJECT: acme',
    );
    const r = merge('devspace.yaml', DEVSPACE, render, reindented);
    expect(r.conflicts).toEqual([]);
    // After REGION, as in the render; the user's own variable stays after it.
    expect(r.text).toContain(
      '    REGION: europe-west4\n    GCP_PROJECT: acme\n    IMAGE_TAG: dev\n',
    );
    expect(r.text).toContain('        kubectl:\n            manifests:\n');
  });
});
