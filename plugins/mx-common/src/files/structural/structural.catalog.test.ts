import { merge } from './__testUtils__';

// catalog-info.yaml as the ml-project generator renders it, and after the CVAT generator.
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: "fraud-detection"
  description: "ML project for Acme"
  tags:
    - ml-project
    - mlflow
    - gcp
  annotations:
    mx.backstage.io/gcp-project: "acme-fraud-42"
    mx.backstage.io/mlflow-service: mlflow/mlflow:5000
  links:
    - url: https://console.cloud.google.com/home/dashboard?project=acme-fraud-42
      title: GCP console
      icon: cloud
spec:
  type: ml-project
  owner: "group:default/ml-team"
`;
const CATALOG_CVAT = CATALOG.replace(
  '    mx.backstage.io/mlflow-service: mlflow/mlflow:5000\n',
  `    mx.backstage.io/mlflow-service: mlflow/mlflow:5000
    mx.backstage.io/domain: "fraud-detection.labs.example.com"
    mx.backstage.io/endpoints: |-
      CVAT labeling=https://labeling.fraud-detection.labs.example.com/
`,
).replace(
  '      icon: cloud\n',
  `      icon: cloud
    - url: https://labeling.fraud-detection.labs.example.com/
      title: CVAT labeling
      icon: dashboard
`,
);
// What a user typically does by hand: a tag, a PagerDuty annotation and a wiki link, commented.
const CATALOG_USER = CATALOG.replace(
  '    - gcp\n',
  '    - gcp\n    - payments # our team tag\n',
)
  .replace(
    '  annotations:\n',
    '  annotations:\n    # paging goes to the fraud on-call rotation\n    pagerduty.com/service-id: PX1234\n',
  )
  .replace(
    '      icon: cloud\n',
    '      icon: cloud\n    # our own documentation\n    - url: https://wiki.example.com/fraud\n      title: Team wiki\n',
  );

describe('mergeStructured: catalog-info.yaml', () => {
  it('adds CVAT to a file with a hand-added tag, annotation and link: no conflict, all kept, comments and order kept', () => {
    const r = merge('catalog-info.yaml', CATALOG, CATALOG_CVAT, CATALOG_USER);
    expect(r.conflicts).toEqual([]);
    expect(r.text).toBe(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: "fraud-detection"
  description: "ML project for Acme"
  tags:
    - ml-project
    - mlflow
    - gcp
    - payments # our team tag
  annotations:
    # paging goes to the fraud on-call rotation
    pagerduty.com/service-id: PX1234
    mx.backstage.io/gcp-project: "acme-fraud-42"
    mx.backstage.io/mlflow-service: mlflow/mlflow:5000
    mx.backstage.io/domain: "fraud-detection.labs.example.com"
    mx.backstage.io/endpoints: |-
      CVAT labeling=https://labeling.fraud-detection.labs.example.com/
  links:
    - url: https://console.cloud.google.com/home/dashboard?project=acme-fraud-42
      title: GCP console
      icon: cloud
    - url: https://labeling.fraud-detection.labs.example.com/
      title: CVAT labeling
      icon: dashboard
    # our own documentation
    - url: https://wiki.example.com/fraud
      title: Team wiki
spec:
  type: ml-project
  owner: "group:default/ml-team"
`);
    expect(r.applied.map(c => c.path)).toEqual([
      'metadata.annotations["mx.backstage.io/domain"]',
      'metadata.annotations["mx.backstage.io/endpoints"]',
      'metadata.links[url=https://labeling.fraud-detection.labs.example.com/]',
    ]);
    expect(r.kept.map(c => c.path)).toEqual([
      'metadata.tags',
      'metadata.annotations["pagerduty.com/service-id"]',
      'metadata.links[url=https://wiki.example.com/fraud]',
    ]);
  });

  it("keeps the user's value of an annotation both sides changed, reports its path and both values, and merges the rest", () => {
    const user = CATALOG_USER.replace(
      'mlflow/mlflow:5000',
      'mlflow/mlflow-proxy:8080',
    );
    const render = CATALOG_CVAT.replace(
      'mlflow/mlflow:5000',
      'mlflow/mlflow:5001',
    );
    const r = merge('catalog-info.yaml', CATALOG, render, user);
    expect(r.conflicts).toEqual([
      {
        path: 'metadata.annotations["mx.backstage.io/mlflow-service"]',
        reason: 'you and MX both changed it, differently',
        base: 'mlflow/mlflow:5000',
        mx: 'mlflow/mlflow:5001',
        yours: 'mlflow/mlflow-proxy:8080',
      },
    ]);
    expect(r.text).toContain(
      'mx.backstage.io/mlflow-service: mlflow/mlflow-proxy:8080\n',
    );
    expect(r.text).toContain('title: CVAT labeling');
    expect(r.text).toContain('pagerduty.com/service-id: PX1234');
  });

  it("reports a link the user deleted and MX changed, with the link's url in the path", () => {
    const user = CATALOG_USER.replace(
      / {4}- url: https:\/\/console[^\n]*\n {6}title: GCP console\n {6}icon: cloud\n/,
      '',
    );
    const render = CATALOG.replace(
      'title: GCP console',
      'title: Google Cloud console',
    );
    const r = merge('catalog-info.yaml', CATALOG, render, user);
    expect(r.conflicts).toEqual([
      expect.objectContaining({
        path: 'metadata.links[url=https://console.cloud.google.com/home/dashboard?project=acme-fraud-42]',
        yours: undefined,
        mx: expect.objectContaining({ title: 'Google Cloud console' }),
      }),
    ]);
    expect(r.text).toBe(user);
  });

  it('removes what MX no longer renders when the user did not touch it', () => {
    const r = merge(
      'catalog-info.yaml',
      CATALOG_CVAT,
      CATALOG,
      CATALOG_USER.replace('    - gcp\n', '    - gcp\n    - gpu\n'),
    );
    expect(r.conflicts).toEqual([]);
    expect(r.text).not.toContain('CVAT');
    expect(r.text).toContain('    - gpu\n');
  });
});
