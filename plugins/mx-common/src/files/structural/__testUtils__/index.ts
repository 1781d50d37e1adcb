/* Shared by the structural merge tests: a merge that must succeed, and a devspace.yaml. */
import { mergeStructured } from '..';

/** Merges the three versions of `path` and fails the test when the files cannot be merged. */
export const merge = (
  path: string,
  base: string,
  render: string,
  edited: string,
) => {
  const r = mergeStructured({ path, base, render, edited });
  if (!r.ok) throw new Error(r.reason);
  return r;
};

/** devspace.yaml as MX renders it, with a multi-line deploy script. */
export const DEVSPACE = `# Managed by MX
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
