import { mergeStructured } from '.';
import { listStrategyFor, detectKind } from './rules';

const merge = (path: string, base: string, render: string, edited: string) => {
  const r = mergeStructured({ path, base, render, edited });
  if (!r.ok) throw new Error(r.reason);
  return r;
};

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

const DEVSPACE = `# Managed by MX
version: v2beta1
name: fraud-detection

vars:
  REGION: europe-west4

pipelines:
  deploy:
    run: |-
      for d in a b; do
        echo $d
      done
      create_deployments cuda-drivers training-infrastructure

deployments:
  cuda-drivers:
    kubectl:
      manifests:
        - infrastructure/kubernetes/nvidia/
  training-infrastructure:
    kubectl:
      manifests:
        - infrastructure/kubernetes/mlflow/
`;

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

const CLOUDBUILD = `steps:
  - id: mx-image-build
    name: gcr.io/cloud-builders/docker
    args: [build, -t, img, .]
  - id: mx-image-push
    name: gcr.io/cloud-builders/docker
    args: [push, img]
options:
  logging: CLOUD_LOGGING_ONLY
`;

describe('mergeStructured: cloudbuild.yaml', () => {
  it("keeps the user's step where they put it and adds the generator's step after its predecessor", () => {
    const user = CLOUDBUILD.replace(
      '  - id: mx-image-push\n',
      '  - id: smoke-test # ours\n    name: python:3.11\n    args: [-c, "print(1)"]\n  - id: mx-image-push\n',
    );
    const render = CLOUDBUILD.replace(
      '  - id: mx-image-push\n',
      '  - id: mx-test\n    name: img\n    args: [-m, pytest]\n  - id: mx-image-push\n',
    ).replace('args: [push, img]', 'args: [push, --all-tags, img]');
    const r = merge('cloudbuild.yaml', CLOUDBUILD, render, user);
    expect(r.conflicts).toEqual([]);
    const ids = [...r.text.matchAll(/- id: ([\w-]+)/g)].map(m => m[1]);
    expect(ids).toEqual([
      'mx-image-build',
      'mx-test',
      'smoke-test',
      'mx-image-push',
    ]);
    expect(r.text).toContain('args: [push, --all-tags, img]');
    expect(r.text).toContain('- id: smoke-test # ours\n');
  });
});

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: mlflow
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mlflow
  namespace: mlflow
spec:
  template:
    spec:
      containers:
        - name: mlflow
          image: ghcr.io/mlflow/mlflow:v2.17.0
          env:
            - name: A
              value: "1"
`;

describe('mergeStructured: Kubernetes manifests', () => {
  it('merges containers and env vars by name, per document', () => {
    const user = MANIFEST.replace(
      '              value: "1"\n',
      '              value: "1"\n            - name: LOG_LEVEL # debugging\n              value: debug\n',
    );
    const render = MANIFEST.replace('v2.17.0', 'v2.18.0').concat(`---
apiVersion: v1
kind: Service
metadata:
  name: mlflow
  namespace: mlflow
`);
    const r = merge(
      'infrastructure/kubernetes/mlflow/mlflow.yaml',
      MANIFEST,
      render,
      user,
    );
    expect(r.conflicts).toEqual([]);
    expect(r.text).toContain('image: ghcr.io/mlflow/mlflow:v2.18.0');
    expect(r.text).toContain('- name: LOG_LEVEL # debugging\n');
    expect(
      r.text.endsWith(
        '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: mlflow\n  namespace: mlflow\n',
      ),
    ).toBe(true);
    expect(r.applied.map(c => c.path)).toEqual([
      'Deployment/mlflow/mlflow: spec.template.spec.containers[name=mlflow].image',
      'Service/mlflow/mlflow',
    ]);
  });

  it('reads the merge keys from the rule table (Kubernetes patch merge keys)', () => {
    expect(
      listStrategyFor('kubernetes', [
        'spec',
        'template',
        'spec',
        'containers',
        '[]',
        'volumeMounts',
      ]),
    ).toEqual({ keys: ['mountPath'] });
    expect(listStrategyFor('cloudbuild', ['steps'])).toEqual({ keys: ['id'] });
    expect(listStrategyFor('backstage-entity', ['metadata', 'tags'])).toBe(
      'set',
    );
    expect(detectKind('x/devspace.yaml', {})).toBe('devspace');
    expect(
      detectKind('catalog-info.yaml', {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
      }),
    ).toBe('backstage-entity');
  });
});

describe('mergeStructured: JSON', () => {
  it("merges key by key and keeps the file's indentation", () => {
    const base = '{\n    "a": 1,\n    "b": [1, 2]\n}\n';
    const render = '{\n  "a": 2,\n  "b": [1, 2]\n}\n';
    const user = '{\n    "a": 1,\n    "b": [1, 2],\n    "mine": true\n}\n';
    const r = merge('mlflow/kubernetes_config.json', base, render, user);
    expect(r.text).toBe(
      '{\n    "a": 2,\n    "b": [\n        1,\n        2\n    ],\n    "mine": true\n}\n',
    );
  });
});

describe('mergeStructured: what it cannot merge', () => {
  it('says which side is broken and where, so the caller can fall back to the line merge', () => {
    const r = mergeStructured({
      path: 'devspace.yaml',
      base: DEVSPACE,
      render: DEVSPACE,
      edited: `${DEVSPACE}  broken: [\n`,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(
      /^your file is not valid YAML \(.*line \d+/,
    );
  });

  it('does not follow anchors and aliases', () => {
    const r = mergeStructured({
      path: 'x.yaml',
      base: 'a: 1\n',
      render: 'a: 2\n',
      edited: 'a: &x 1\nb: *x\n',
    });
    expect(!r.ok && r.reason).toContain('anchors and aliases');
  });
});
