/** The `deployments:` entries of devspace.yaml, one case per kind of deployment. */

// kubectl refuses manifests whose namespace differs from the one it is given: every deployment
// names the namespace its manifests use.
const NAMESPACES: Record<string, string> = {
  ingress: 'istio-system',
  'streamlit-app': 'apps',
  'debug-pod': 'mlflow',
};
const ISTIO_CHARTS = 'https://istio-release.storage.googleapis.com/charts';
const OPERATOR_WAIT = [
  '      # An operator: wait until its CRDs are established and its webhooks answer before the',
  '      # deployments that use them are applied.',
  '      upgradeArgs: ["--wait", "--timeout", "10m"]',
];

const isModel = (n: string) => n.startsWith('model-');

function helmChart(options: {
  key: string;
  namespace: string;
  release: string;
  chart: string[];
  operator?: boolean;
  values: string[];
}): string[] {
  return [
    `  ${options.key}:`,
    `    namespace: ${options.namespace}`,
    '    helm:',
    `      releaseName: ${options.release}`,
    '      chart:',
    ...options.chart.map(l => `        ${l}`),
    ...(options.operator ? OPERATOR_WAIT : []),
    ...options.values.map(l => `      ${l}`),
  ];
}

function kubectlDeployment(
  key: string,
  namespace: string | undefined,
  dir: string,
): string[] {
  return [
    `  ${key}:`,
    ...(namespace ? [`    namespace: ${namespace}`] : []),
    '    kubectl:',
    '      manifests:',
    `        - infrastructure/kubernetes/${dir}/`,
  ];
}

export function deployment(n: string, domain: string): string[] {
  switch (n) {
    case 'training-infrastructure':
      return kubectlDeployment(n, 'mlflow', 'mlflow');
    case 'cuda-drivers':
      return kubectlDeployment(n, 'kube-system', 'nvidia');
    case 'training-operator':
      return [
        '  training-operator:',
        '    # Kubeflow training operator (PyTorchJob): a kustomization of the upstream standalone overlay.',
        '    # Its CRDs are larger than the 262,144 bytes client-side apply stores in an annotation, so they',
        "    # are applied server-side (upstream's own install command). devspace always passes --force,",
        '    # which kubectl refuses with --server-side: --force=false comes first.',
        '    namespace: kubeflow',
        '    kubectl:',
        '      kustomize: true',
        '      manifests:',
        '        - infrastructure/kubernetes/training-operator/',
        '      applyArgs: ["--force=false", "--server-side", "--force-conflicts"]',
      ];
    case 'istio':
      return [
        '  # `istio` installs the three Istio charts in order: CRDs (istio-base), the control plane (istio)',
        '  # and the ingress gateway the GKE Ingress sends traffic to (istio-ingressgateway).',
        ...helmChart({
          key: 'istio-base',
          namespace: 'istio-system',
          release: 'istio-base',
          chart: ['name: base', `repo: ${ISTIO_CHARTS}`, 'version: 1.24.2'],
          operator: true,
          values: ['values:', '  defaultRevision: default'],
        }),
        ...helmChart({
          key: 'istio',
          namespace: 'istio-system',
          release: 'istiod',
          chart: ['name: istiod', `repo: ${ISTIO_CHARTS}`, 'version: 1.24.2'],
          operator: true,
          values: [
            'values:',
            '  pilot:',
            '    resources:',
            '      requests:',
            '        cpu: 250m',
            '        memory: 512Mi',
          ],
        }),
        ...helmChart({
          key: 'istio-ingressgateway',
          namespace: 'istio-system',
          release: 'istio-ingressgateway',
          chart: ['name: gateway', `repo: ${ISTIO_CHARTS}`, 'version: 1.24.2'],
          values: [
            'values:',
            '  service:',
            '    # Behind the GKE Ingress (global static IP + managed certificate): container-native',
            "    # load balancing through NEGs, health-checked on Istio's readiness port.",
            '    type: ClusterIP',
            '    annotations:',
            `      cloud.google.com/neg: '{"ingress": true}'`,
            `      cloud.google.com/backend-config: '{"default": "istio-ingressgateway"}'`,
          ],
        }),
      ];
    case 'seldon-core':
      return helmChart({
        key: 'seldon-core',
        namespace: 'seldon-system',
        release: 'seldon-core',
        chart: [
          'name: seldon-core-operator',
          'repo: https://storage.googleapis.com/seldon-charts',
          'version: 1.17.1',
        ],
        operator: true,
        values: [
          'values:',
          '  istio:',
          '    enabled: true',
          '    gateway: istio-system/ingress',
          '  usageMetrics:',
          '    enabled: false',
        ],
      });
    case 'cvat':
      return [
        '  # CVAT from its own Helm chart (the cvat-ai/cvat repository, pinned); routed by Istio',
        `  # (cvat-routes) at https://labeling.${domain}.`,
        ...helmChart({
          key: 'cvat',
          namespace: 'cvat',
          release: 'cvat',
          chart: [
            'git: https://github.com/cvat-ai/cvat.git',
            'tag: v2.22.0',
            'subPath: helm-chart',
          ],
          values: [
            'valuesFiles:',
            '  - infrastructure/kubernetes/cvat/values.yaml',
          ],
        }),
        ...kubectlDeployment('cvat-routes', 'cvat', 'cvat/routes'),
      ];
    default:
      return kubectlDeployment(n, isModel(n) ? 'models' : NAMESPACES[n], n);
  }
}
