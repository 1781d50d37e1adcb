import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';
import { readDevspace } from './k8s/devspace';
import { K8sObject, describeObject, kubectlManifests } from './k8s/manifests';

const NAME = 'public routes behind IAP';

/** A Service as far as this rule reads it: where it is declared and its backend-config annotation. */
interface ServiceDecl {
  where: string;
  file: string;
  type?: string;
  annotations: Record<string, string>;
}

const BACKEND_CONFIG_ANNOTATIONS = [
  'cloud.google.com/backend-config',
  'beta.cloud.google.com/backend-config',
];

/**
 * The BackendConfig names a Service's annotation points at: `{"default": "x"}` and/or
 * `{"ports": {"80": "y"}}` (GKE Ingress docs, "Associating a BackendConfig with your Ingress").
 */
function backendConfigNames(s: ServiceDecl): string[] | undefined {
  const raw = BACKEND_CONFIG_ANNOTATIONS.map(a => s.annotations[a]).find(
    Boolean,
  );
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as {
      default?: string;
      ports?: Record<string, string>;
    };
    return [...(v.default ? [v.default] : []), ...Object.values(v.ports ?? {})];
  } catch {
    return [];
  }
}

function ingressBackends(ingress: K8sObject): string[] {
  const names = new Set<string>();
  const add = (b: K8sObject | undefined) => {
    if (b?.service?.name) names.add(b.service.name);
  };
  add(ingress.spec?.defaultBackend);
  for (const rule of ingress.spec?.rules ?? [])
    for (const p of rule?.http?.paths ?? []) add(p?.backend);
  return [...names];
}

/**
 * Every public route of a rendered project is behind Identity-Aware Proxy: each GKE Ingress
 * routes only to Services whose BackendConfig enables IAP with an OAuth client from a Secret,
 * and no Service is a public LoadBalancer (IAP cannot guard those). Services come from the
 * kubectl manifests and from Helm releases' `values.service` (the Istio gateway chart names its
 * Service after the release).
 */
export const publicRoutesIap: TreeCheck = {
  name: NAME,
  async run(tree) {
    const devspace = readDevspace(tree);
    if (!devspace) return [];
    const services = new Map<string, ServiceDecl>();
    const backendConfigs = new Map<string, K8sObject>();
    const ingresses: Array<{ file: string; ns: string; obj: K8sObject }> = [];
    for (const d of devspace.deployments) {
      const ns = d.namespace ?? 'default';
      const helm = d.helm as { releaseName?: string; values?: K8sObject };
      const svc = helm?.values?.service;
      if (svc && typeof svc === 'object') {
        const name = helm.releaseName ?? d.name;
        services.set(`${ns}/${name}`, {
          where: `the Service of Helm release ${name} (devspace deployment ${d.name})`,
          file: 'devspace.yaml',
          type: svc.type,
          annotations: svc.annotations ?? {},
        });
      }
      if (!d.kubectl) continue;
      for (const { file, obj } of kubectlManifests(tree, d).local) {
        const objNs = obj.metadata?.namespace ?? ns;
        const key = `${objNs}/${obj.metadata?.name}`;
        if (obj.kind === 'Service') {
          services.set(key, {
            where: `Service ${obj.metadata?.name} (${file})`,
            file,
            type: obj.spec?.type,
            annotations: obj.metadata?.annotations ?? {},
          });
        } else if (obj.kind === 'BackendConfig') {
          backendConfigs.set(key, obj);
        } else if (obj.kind === 'Ingress') {
          ingresses.push({ file, ns: objNs, obj });
        }
      }
    }

    const rows: FileCheck[] = [];
    const row = (file: string, problems: string[]) =>
      rows.push({
        file,
        validator: NAME,
        status: problems.length ? 'fail' : 'pass',
        ...(problems.length ? { message: problems.join('; ') } : {}),
      });

    for (const { file, ns, obj } of ingresses) {
      const problems: string[] = [];
      for (const name of ingressBackends(obj)) {
        const s = services.get(`${ns}/${name}`);
        const route = `${describeObject(obj)} routes to Service ${name}`;
        if (!s) {
          problems.push(
            `${route}, which the project does not declare, so nothing shows it is behind Identity-Aware Proxy`,
          );
          continue;
        }
        const configs = backendConfigNames(s);
        if (!configs?.length) {
          problems.push(
            `${route} and ${s.where} names no BackendConfig (annotation cloud.google.com/backend-config): add one with spec.iap.enabled: true so the route needs a sign-in`,
          );
          continue;
        }
        for (const c of configs) {
          const bc = backendConfigs.get(`${ns}/${c}`);
          const iap = bc?.spec?.iap;
          if (!bc) {
            problems.push(
              `${route} with BackendConfig ${c}, which the project does not declare in namespace ${ns}`,
            );
          } else if (iap?.enabled !== true) {
            problems.push(
              `${route}, public without sign-in: BackendConfig ${c} does not enable Identity-Aware Proxy; add spec.iap: {enabled: true, oauthclientCredentials: {secretName: <secret with client_id and client_secret>}}`,
            );
          } else if (!iap.oauthclientCredentials?.secretName) {
            problems.push(
              `BackendConfig ${c} enables Identity-Aware Proxy without an OAuth client: add spec.iap.oauthclientCredentials.secretName (a Secret with client_id and client_secret)`,
            );
          }
        }
      }
      row(file, problems);
    }
    for (const s of services.values()) {
      if (s.type === 'LoadBalancer') {
        row(s.file, [
          `${s.where} is a public LoadBalancer, which Identity-Aware Proxy cannot guard: make it ClusterIP and route it through the project's Ingress`,
        ]);
      }
    }
    return rows;
  },
};
