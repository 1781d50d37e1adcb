/** A devspace.yaml as MX generators write it: a deploy pipeline that can select deployments. */
export const DEVSPACE_YAML = `version: v2beta1
name: fraud-detection
pipelines:
  deploy:
    flags:
      - name: deployments
        type: stringArray
        description: Deploy only these deployments
    run: |-
      if is_empty "$(get_flag deployments)"; then
        create_deployments --all
      else
        create_deployments $(get_flag deployments)
      fi
deployments:
  training-infrastructure:
    kubectl:
      manifests:
        - k8s/training-infrastructure/
  cuda-drivers:
    kubectl:
      manifests:
        - k8s/cuda-drivers/
  seldon-core:
    helm:
      chart:
        name: seldon-core-operator
        repo: https://storage.googleapis.com/seldon-charts
        version: 1.17.1
`;
