/**
 * What the Kubernetes rules know about manifests and charts a project installs from elsewhere
 * (a kustomization's remote resource, a Helm chart): the kit cannot download them, so each one a
 * template uses is described here, measured or read from its upstream source. A template that
 * installs something not listed fails the rules until it is added here.
 */

/**
 * What an installed thing provides to, or needs from, the rest of the cluster. Tokens are API
 * groups (a CRD's `spec.group`, or the groups an admission webhook's rules cover) or named
 * capabilities such as `istio-injection` (Istio's sidecar/gateway injection webhook).
 */
export interface ClusterContract {
  /** API groups of the CRDs it installs. */
  crdGroups?: string[];
  /** Groups (or capabilities) its admission webhooks serve: they must answer before use. */
  webhooks?: string[];
  /** Groups or capabilities it needs from another deployment at install time. */
  uses?: string[];
}

export interface KnownRemoteManifest extends ClusterContract {
  /** The largest object, `Kind name`. */
  largestObject: string;
  /**
   * The bytes client-side `kubectl apply` would put in that object's annotations (its
   * last-applied-configuration plus the others), as measured by `lastAppliedAnnotationBytes`.
   */
  lastAppliedBytes: number;
  /** How it was measured. */
  source: string;
}

const TRAINING_OPERATOR_CONTRACT: ClusterContract = {
  crdGroups: ['kubeflow.org'],
  // validator.training-operator.kubeflow.org (failurePolicy Fail) validates the *Job kinds
  webhooks: ['kubeflow.org'],
};

/**
 * Remote kustomization resources, by the exact reference a kustomization.yaml lists.
 * Measured with `kubectl kustomize` (kubectl 1.32) on the tag's `manifests/` tree
 * (kubeflow/training-operator; v1.9.0 = 6f74c7f6b2ed, v1.8.1 = 0f8735faade3) and
 * `lastAppliedAnnotationBytes` of each object.
 */
export const KNOWN_REMOTE_MANIFESTS: Record<string, KnownRemoteManifest> = {
  'github.com/kubeflow/training-operator.git/manifests/overlays/standalone?ref=v1.9.0':
    {
      ...TRAINING_OPERATOR_CONTRACT,
      largestObject: 'CustomResourceDefinition pytorchjobs.kubeflow.org',
      lastAppliedBytes: 276_263,
      source:
        'kubectl kustomize manifests/overlays/standalone @ v1.9.0; upstream installs it with `kubectl apply --server-side -k` (README since #2332)',
    },
  'github.com/kubeflow/training-operator.git/manifests/overlays/standalone?ref=v1.8.1':
    {
      ...TRAINING_OPERATOR_CONTRACT,
      largestObject: 'CustomResourceDefinition pytorchjobs.kubeflow.org',
      lastAppliedBytes: 260_253,
      source: 'kubectl kustomize manifests/overlays/standalone @ v1.8.1',
    },
};

export interface KnownHelmChart extends ClusterContract {
  source: string;
}

const ISTIO_GROUPS = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
];

/**
 * Helm charts by `<repo or git>#<name or subPath>@<version or tag>` (see `helmChartKey`).
 * Read from each chart's templates at the pinned version.
 */
export const KNOWN_HELM_CHARTS: Record<string, KnownHelmChart> = {
  'https://istio-release.storage.googleapis.com/charts#base@1.24.2': {
    crdGroups: ISTIO_GROUPS,
    source:
      'istio/istio manifests/charts/base @ 1.24.2: the Istio CRDs and istiod-default-validator (served by istiod)',
  },
  'https://istio-release.storage.googleapis.com/charts#istiod@1.24.2': {
    webhooks: [...ISTIO_GROUPS, 'istio-injection'],
    uses: ISTIO_GROUPS,
    source:
      'istio/istio manifests/charts/istio-control/istio-discovery @ 1.24.2: istiod serves the validation webhook and the sidecar/gateway injection webhook (failurePolicy Fail)',
  },
  'https://istio-release.storage.googleapis.com/charts#gateway@1.24.2': {
    uses: ['istio-injection'],
    source:
      'istio/istio manifests/charts/gateway @ 1.24.2: its pods get their proxy (image: auto) from istiod’s injection webhook',
  },
  'https://storage.googleapis.com/seldon-charts#seldon-core-operator@1.17.1': {
    crdGroups: ['machinelearning.seldon.io'],
    webhooks: ['machinelearning.seldon.io'],
    source:
      'SeldonIO/seldon-core helm-charts/seldon-core-operator @ v1.17.1: the SeldonDeployment CRD and seldon-validating-webhook-configuration (failurePolicy Fail) served by seldon-controller-manager',
  },
  'https://github.com/cvat-ai/cvat.git#helm-chart@v2.22.0': {
    source:
      'cvat-ai/cvat helm-chart @ v2.22.0 with Traefik and its ingress off (the project routes it with Istio): no CRDs or webhooks',
  },
};

/** A devspace deployment's `helm.chart`: a chart repository's chart or a git folder. */
export interface HelmChartRef {
  name?: string;
  repo?: string;
  version?: string;
  git?: string;
  tag?: string;
  subPath?: string;
}

export function helmChartKey(chart: HelmChartRef): string {
  return chart.git
    ? `${chart.git}#${chart.subPath ?? ''}@${chart.tag ?? ''}`
    : `${chart.repo ?? ''}#${chart.name ?? ''}@${chart.version ?? ''}`;
}
