import { yamlDocuments } from '../treeFiles';
import * as rules from './rules';
import type { NameRule } from './rules';

/** One name found in a Kubernetes manifest, with the rule the API server applies to it. */
export interface KubernetesName {
  /** `Kind/name` and the field's path, for messages. */
  where: string;
  rule: NameRule;
  value: string;
}

/**
 * metadata.name rules by kind (k8s.io/kubernetes/pkg/apis/core/validation and friends): most
 * objects are DNS-1123 subdomains; these are stricter.
 */
const NAME_RULES: Record<string, NameRule> = {
  Namespace: rules.k8sDns1123Label,
  Service: rules.k8sDns1035Label,
  Job: rules.k8sDns1123Label, // the name becomes the pods' job-name label value
  CronJob: rules.k8sName52,
  StatefulSet: rules.k8sName52,
};

/** API groups whose documents are not Kubernetes objects (the Backstage catalog, kustomize). */
const NOT_KUBERNETES = /^(backstage\.io|kustomize\.config\.k8s\.io)\//;

/** MLflow's job template placeholders (`{replaced with ...}`) are filled in by MLflow. */
const isPlaceholder = (v: string) => v.includes('{');

function labels(map: unknown, where: string, out: KubernetesName[]): void {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return;
  for (const [key, value] of Object.entries(map)) {
    out.push({ where: `${where} key`, rule: rules.k8sLabelKey, value: key });
    if (typeof value === 'string' && !isPlaceholder(value)) {
      out.push({
        where: `${where}["${key}"]`,
        rule: rules.k8sLabelValue,
        value,
      });
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      out.push({
        where: `${where}["${key}"]`,
        rule: rules.k8sLabelValue,
        value: String(value),
      });
    }
  }
}

/** Walks an object for every nested metadata, label map, container, port and volume. */
function walk(node: unknown, at: string, out: KubernetesName[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${at}[${i}]`, out));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    const here = at ? `${at}.${key}` : key;
    if (key === 'metadata' && value && typeof value === 'object') {
      labels((value as any).labels, `${here}.labels`, out);
      const ns = (value as any).namespace;
      if (typeof ns === 'string' && !isPlaceholder(ns)) {
        out.push({
          where: `${here}.namespace`,
          rule: rules.k8sDns1123Label,
          value: ns,
        });
      }
    }
    if (key === 'matchLabels') labels(value, here, out);
    if (
      (key === 'containers' || key === 'initContainers') &&
      Array.isArray(value)
    ) {
      value.forEach((c: any, i) => {
        if (typeof c?.name === 'string' && !isPlaceholder(c.name)) {
          out.push({
            where: `${here}[${i}].name`,
            rule: rules.k8sDns1123Label,
            value: c.name,
          });
        }
        (Array.isArray(c?.ports) ? c.ports : []).forEach(
          (p: any, j: number) => {
            if (typeof p?.name === 'string') {
              out.push({
                where: `${here}[${i}].ports[${j}].name`,
                rule: rules.k8sPortName,
                value: p.name,
              });
            }
          },
        );
      });
    }
    if (key === 'volumes' && Array.isArray(value)) {
      value.forEach((v: any, i) => {
        if (typeof v?.name === 'string') {
          out.push({
            where: `${here}[${i}].name`,
            rule: rules.k8sDns1123Label,
            value: v.name,
          });
        }
      });
    }
    if (key === 'serviceAccountName' && typeof value === 'string') {
      out.push({ where: here, rule: rules.k8sDns1123Subdomain, value });
    }
    walk(value, here, out);
  }
}

/** Every name of every Kubernetes object in a YAML file (other YAML documents are skipped). */
export function kubernetesNames(text: string): KubernetesName[] {
  const out: KubernetesName[] = [];
  for (const obj of yamlDocuments(text) as any[]) {
    if (
      !obj ||
      typeof obj !== 'object' ||
      typeof obj.apiVersion !== 'string' ||
      typeof obj.kind !== 'string' ||
      NOT_KUBERNETES.test(obj.apiVersion)
    ) {
      continue;
    }
    const name = obj.metadata?.name;
    const id = `${obj.kind}/${typeof name === 'string' ? name : '?'}`;
    if (typeof name === 'string' && !isPlaceholder(name)) {
      out.push({
        where: `${id} metadata.name`,
        rule: NAME_RULES[obj.kind] ?? rules.k8sDns1123Subdomain,
        value: name,
      });
    }
    const inner: KubernetesName[] = [];
    walk(obj, '', inner);
    if (obj.kind === 'Service' && obj.spec?.selector) {
      labels(obj.spec.selector, 'spec.selector', inner);
    }
    if (obj.kind === 'Service' && Array.isArray(obj.spec?.ports)) {
      obj.spec.ports.forEach((p: any, i: number) => {
        if (typeof p?.name === 'string') {
          inner.push({
            where: `spec.ports[${i}].name`,
            rule: rules.k8sDns1123Label,
            value: p.name,
          });
        }
      });
    }
    if (obj.kind === 'ManagedCertificate' && Array.isArray(obj.spec?.domains)) {
      obj.spec.domains.forEach((d: unknown, i: number) => {
        if (typeof d === 'string') {
          inner.push({
            where: `spec.domains[${i}]`,
            rule: rules.managedCertificateDomain,
            value: d,
          });
        }
      });
    }
    out.push(...inner.map(n => ({ ...n, where: `${id} ${n.where}` })));
  }
  return out;
}
