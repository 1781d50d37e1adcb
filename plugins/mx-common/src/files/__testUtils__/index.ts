/* Fixtures shared by the tests of src/files: a devspace.yaml in three versions and small helpers. */
import { createHash } from 'node:crypto';
import { reconcileFile } from '../reconcile';

export const enc = (s: string) => new TextEncoder().encode(s);
export const dec = (b?: Uint8Array) =>
  b ? new TextDecoder().decode(b) : undefined;
export const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export const DEVSPACE_V1 = `version: v2beta1
name: fraud-detection

vars:
  GCP_PROJECT: acme-fraud-42
  REGION: europe-west4

deployments:
  training-infrastructure:
    kubectl:
      manifests:
        - infrastructure/kubernetes/mlflow/
  cuda-drivers:
    kubectl:
      manifests:
        - infrastructure/kubernetes/nvidia/
`;
// The distributed-training generator adds a deployment at the end.
export const DEVSPACE_V2 = `${DEVSPACE_V1}  training-operator:
    kubectl:
      manifests:
        - infrastructure/kubernetes/training-operator/
`;
// The user added a variable of their own near the top.
export const DEVSPACE_USER = DEVSPACE_V1.replace(
  '  REGION: europe-west4\n',
  '  REGION: europe-west4\n  IMAGE_TAG: dev\n',
);

export const managed = (
  over: Partial<Parameters<typeof reconcileFile>[0]> = {},
) =>
  reconcileFile({
    path: 'devspace.yaml',
    generator: 'distributed-training',
    mode: 'managed',
    ...over,
  });
export const record = (text: string, ..._generators: string[]) => ({
  mode: 'managed' as const,
  sha256: hash(text),
});
