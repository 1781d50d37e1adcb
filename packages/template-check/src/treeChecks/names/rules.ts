/**
 * Naming rules of GCP and Kubernetes, as the services document and enforce them. A rendered
 * name that breaks one is accepted by every syntax check and refused by the API at apply time.
 */
export interface NameRule {
  /** What kind of name this is, for messages ("GKE cluster name"). */
  kind: string;
  min: number;
  max: number;
  /** The alphabet and shape, anchored. */
  pattern: RegExp;
  /** The pattern in words, for messages. */
  shape: string;
  /** Further constraints (a reason when broken). */
  extra?: (value: string) => string | undefined;
  /** Where the rule is documented. */
  source: string;
}

const RFC1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const RFC1035_SHAPE =
  'lowercase letters, digits and hyphens, a letter first, no hyphen last';
const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_LABEL_SHAPE =
  'lowercase letters, digits and hyphens, a letter or digit first and last';

/** A Compute Engine resource name (addresses, networks, ...): RFC 1035, 1-63. */
export const computeName: NameRule = {
  kind: 'Compute Engine resource name',
  min: 1,
  max: 63,
  pattern: RFC1035,
  shape: RFC1035_SHAPE,
  source: 'https://cloud.google.com/compute/docs/naming-resources',
};

export const gkeClusterName: NameRule = {
  kind: 'GKE cluster name',
  min: 1,
  max: 40,
  pattern: RFC1035,
  shape: RFC1035_SHAPE,
  source:
    'https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster.FIELDS.name',
};

export const gkeNodePoolName: NameRule = {
  ...gkeClusterName,
  kind: 'GKE node pool name',
  source:
    'https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools#NodePool.FIELDS.name',
};

export const serviceAccountId: NameRule = {
  kind: 'service account id (account_id)',
  min: 6,
  max: 30,
  pattern: /^[a-z]([-a-z0-9]*[a-z0-9])$/,
  shape: RFC1035_SHAPE,
  source:
    'https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create',
};

export const artifactRegistryRepositoryId: NameRule = {
  kind: 'Artifact Registry repository id',
  min: 1,
  max: 63,
  pattern: RFC1035,
  shape: RFC1035_SHAPE,
  source:
    'https://cloud.google.com/artifact-registry/docs/repositories/create-repos (repository names)',
};

export const storageBucketName: NameRule = {
  kind: 'Cloud Storage bucket name',
  min: 3,
  max: 222,
  pattern: /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/,
  shape:
    'lowercase letters, digits, hyphens, underscores and dots, a letter or digit first and last',
  extra: value => {
    const parts = value.split('.');
    if (parts.length === 1 && value.length > 63) {
      return 'a bucket name without dots has at most 63 characters';
    }
    const long = parts.find(p => p.length > 63);
    if (long) return `its dot-separated part "${long}" is over 63 characters`;
    if (value.startsWith('goog')) return 'it starts with "goog"';
    if (/g[o0][o0]g[l1]e/.test(value)) return 'it contains "google"';
    if (/^\d+\.\d+\.\d+\.\d+$/.test(value)) return 'it is an IP address';
    return undefined;
  },
  source: 'https://cloud.google.com/storage/docs/buckets#naming',
};

export const cloudBuildTriggerName: NameRule = {
  kind: 'Cloud Build trigger name',
  min: 1,
  max: 64,
  pattern: /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$/,
  shape: 'letters, digits and hyphens, a letter or digit first and last',
  source:
    'https://cloud.google.com/build/docs/api/reference/rest/v1/projects.locations.triggers#BuildTrigger.FIELDS.name',
};

export const dnsManagedZoneName: NameRule = {
  kind: 'Cloud DNS managed zone name',
  min: 1,
  max: 63,
  pattern: RFC1035,
  shape: RFC1035_SHAPE,
  source:
    'https://cloud.google.com/dns/docs/reference/rest/v1/managedZones#resource:-managedzone (name)',
};

/** A fully qualified DNS name with its trailing dot (record sets). */
export const dnsRecordName: NameRule = {
  kind: 'DNS record name',
  min: 2,
  max: 254,
  pattern: /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+$/,
  shape:
    'dot-separated labels of lowercase letters, digits and hyphens, ending in a dot',
  extra: value => {
    const long = value.split('.').find(l => l.length > 63);
    return long ? `its label "${long}" is over 63 characters` : undefined;
  },
  source: 'RFC 1035 section 2.3.4 (labels of 63 octets, names of 255)',
};

/** A domain name without a trailing dot (certificates, ingress hosts). */
export const domainName: NameRule = {
  kind: 'domain name',
  min: 1,
  max: 253,
  pattern:
    /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  shape: 'dot-separated labels of lowercase letters, digits and hyphens',
  extra: dnsRecordName.extra,
  source: 'RFC 1035 section 2.3.4 (labels of 63 octets, names of 255)',
};

/** A domain of a GKE ManagedCertificate (its CRD: at most 63 characters, a letter-first TLD). */
export const managedCertificateDomain: NameRule = {
  kind: 'GKE ManagedCertificate domain',
  min: 1,
  max: 63,
  pattern: /^(([a-z0-9]+|[a-z0-9][-a-z0-9]*[a-z0-9])\.)+[a-z][-a-z0-9]*[a-z0-9]$/,
  shape: 'dot-separated labels of lowercase letters, digits and hyphens',
  source:
    'https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs (ManagedCertificate CRD: spec.domains maxLength 63)',
};

/** GCP resource labels (keys and values). */
export const gcpLabelKey: NameRule = {
  kind: 'GCP label key',
  min: 1,
  max: 63,
  pattern: /^[a-z][a-z0-9_-]*$/,
  shape: 'lowercase letters, digits, underscores and hyphens, a letter first',
  source: 'https://cloud.google.com/resource-manager/docs/labels-overview',
};

export const gcpLabelValue: NameRule = {
  kind: 'GCP label value',
  min: 0,
  max: 63,
  pattern: /^[a-z0-9_-]*$/,
  shape: 'lowercase letters, digits, underscores and hyphens',
  source: 'https://cloud.google.com/resource-manager/docs/labels-overview',
};

// Kubernetes: k8s.io/apimachinery/pkg/util/validation/validation.go

export const k8sDns1123Label: NameRule = {
  kind: 'Kubernetes DNS-1123 label',
  min: 1,
  max: 63,
  pattern: RFC1123_LABEL,
  shape: RFC1123_LABEL_SHAPE,
  source: 'k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label',
};

export const k8sDns1035Label: NameRule = {
  kind: 'Kubernetes DNS-1035 label',
  min: 1,
  max: 63,
  pattern: RFC1035,
  shape: RFC1035_SHAPE,
  source: 'k8s.io/apimachinery/pkg/util/validation: IsDNS1035Label',
};

export const k8sDns1123Subdomain: NameRule = {
  kind: 'Kubernetes DNS-1123 subdomain',
  min: 1,
  max: 253,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  shape: `dot-separated parts of ${RFC1123_LABEL_SHAPE}`,
  source: 'k8s.io/apimachinery/pkg/util/validation: IsDNS1123Subdomain',
};

/**
 * Names whose pods carry a label made of the name plus a hash (StatefulSet: controller-revision-hash,
 * kubernetes/kubernetes#64023) or that the API server caps (CronJob, 52): the name is a subdomain
 * of at most 52 characters.
 */
export const k8sName52: NameRule = {
  ...k8sDns1123Label,
  kind: 'Kubernetes name that gets an 11-character suffix in a label',
  max: 52,
  source:
    'k8s.io/kubernetes/pkg/apis/batch/validation (CronJob: 52), kubernetes/kubernetes#64023 (StatefulSet)',
};

/** A container port name (IANA_SVC_NAME): 15 characters, at least one letter. */
export const k8sPortName: NameRule = {
  kind: 'Kubernetes container port name (IANA_SVC_NAME)',
  min: 1,
  max: 15,
  pattern: RFC1123_LABEL,
  shape: `${RFC1123_LABEL_SHAPE}, at least one letter, no "--"`,
  extra: value => {
    if (!/[a-z]/.test(value)) return 'it has no letter';
    if (value.includes('--')) return 'it has "--"';
    return undefined;
  },
  source: 'k8s.io/apimachinery/pkg/util/validation: IsValidPortName',
};

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const k8sLabelKey: NameRule = {
  kind: 'Kubernetes label key',
  min: 1,
  max: 63 + 1 + 253,
  pattern: /^([^/]+\/)?[^/]+$/,
  shape:
    'an optional DNS subdomain prefix and "/", then a name of letters, digits, "-", "_" and "." (alphanumeric first and last, at most 63)',
  extra: value => {
    const slash = value.indexOf('/');
    const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
    const name = slash >= 0 ? value.slice(slash + 1) : value;
    if (prefix !== undefined) {
      const p = problem(k8sDns1123Subdomain, prefix);
      if (p) return `its prefix "${prefix}": ${p}`;
    }
    if (name.length > 63) {
      return `its name part "${name}" has ${name.length} characters (at most 63)`;
    }
    if (!QUALIFIED_NAME.test(name)) {
      return `its name part "${name}" is not letters, digits, "-", "_" and "." with an alphanumeric first and last`;
    }
    return undefined;
  },
  source: 'k8s.io/apimachinery/pkg/util/validation: IsQualifiedName',
};

export const k8sLabelValue: NameRule = {
  kind: 'Kubernetes label value',
  min: 0,
  max: 63,
  pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
  shape:
    'letters, digits, "-", "_" and ".", alphanumeric first and last (or empty)',
  source: 'k8s.io/apimachinery/pkg/util/validation: IsValidLabelValue',
};

/** Why `value` breaks `rule`, or undefined when it keeps it. */
export function problem(rule: NameRule, value: string): string | undefined {
  if (value.length > rule.max) {
    return `${value.length} characters, over the limit of ${rule.max}`;
  }
  if (value.length < rule.min) {
    return `${value.length} characters, under the minimum of ${rule.min}`;
  }
  if (!rule.pattern.test(value)) return `not ${rule.shape}`;
  return rule.extra?.(value);
}

/** A finding's message: the rule, the rendered name, its length and the limit. */
export function describe(
  rule: NameRule,
  value: string,
  where: string,
): string | undefined {
  const p = problem(rule, value);
  if (!p) return undefined;
  return `${where}: ${rule.kind} "${value}" (${value.length} characters; allowed ${rule.min}-${rule.max}, ${rule.shape}) is invalid: ${p} [${rule.source}]`;
}
