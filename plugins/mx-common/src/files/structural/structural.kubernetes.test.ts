import { detectKind, listStrategyFor } from './rules';
import { merge } from './__testUtils__';

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
