/**
 * How the structural merge treats the lists of each kind of file MX manages: which field names
 * an item of a list of named items (the list then merges item by item, like `kubectl apply`'s
 * strategic merge), which lists are sets (order does not matter) and which are sequences.
 *
 * Where the file's schema says what an item's key is, the table follows it:
 * - Kubernetes: the `x-kubernetes-patch-merge-key` / `x-kubernetes-list-map-keys` of the API's
 *   OpenAPI definitions (kubernetes/api/openapi-spec/swagger.json: `PodSpec.containers` → `name`,
 *   `Container.env` → `name`, `Container.ports` → `containerPort`, `ServiceSpec.ports` → `port`,
 *   `Container.volumeMounts` → `mountPath`, `PodSpec.volumes` → `name`, …).
 * - Cloud Build: `steps[].id` (the step id other steps `waitFor`), `availableSecrets.secretManager[].env`.
 * - Backstage entities: `metadata.links[].url` (a link is identified by its target), `metadata.tags`
 *   is a set (catalog-model's entity schema: unique strings).
 * - devspace v6: deployments, images, dev, pipelines and vars are maps keyed by name already.
 */

export type FileKind =
  | 'backstage-entity'
  | 'devspace'
  | 'cloudbuild'
  | 'kubernetes'
  | 'generic';

/**
 * - `{ keys }`: a list of named items; the first key that every item of all three versions has
 *   (a scalar, unique in its list) identifies the items.
 * - `set`: order does not matter; items are added and removed by value.
 * - `sequence`: order matters; merged as a sequence of whole items (diff3 over items).
 */
export type ListStrategy = { keys: string[] } | 'set' | 'sequence';

interface ListRule {
  /** Dotted path; `[]` is a list item, `*` one segment, `**` any number of segments. */
  pattern: string;
  strategy: ListStrategy;
}

const named = (...keys: string[]): ListStrategy => ({ keys });

const KUBERNETES_RULES: ListRule[] = [
  { pattern: '**.containers', strategy: named('name') },
  { pattern: '**.initContainers', strategy: named('name') },
  { pattern: '**.ephemeralContainers', strategy: named('name') },
  { pattern: '**.env', strategy: named('name') },
  { pattern: '**.volumes', strategy: named('name') },
  { pattern: '**.volumeMounts', strategy: named('mountPath') },
  { pattern: '**.volumeDevices', strategy: named('devicePath') },
  { pattern: '**.ports', strategy: named('containerPort', 'port', 'name') },
  { pattern: '**.imagePullSecrets', strategy: named('name') },
  { pattern: '**.hostAliases', strategy: named('ip') },
  { pattern: '**.topologySpreadConstraints', strategy: named('topologyKey') },
  { pattern: '**.ownerReferences', strategy: named('uid') },
  { pattern: '**.finalizers', strategy: 'set' },
  { pattern: '**.args', strategy: 'sequence' },
  { pattern: '**.command', strategy: 'sequence' },
  { pattern: '**.tolerations', strategy: 'sequence' },
  // Istio VirtualService/Gateway: hosts and gateways are sets; http routes are ordered (first match).
  { pattern: 'spec.hosts', strategy: 'set' },
  { pattern: 'spec.gateways', strategy: 'set' },
  { pattern: 'spec.http', strategy: 'sequence' },
  // Kubeflow PyTorchJob: replica specs are a map already; nothing more to say.
];

export const LIST_RULES: Record<FileKind, ListRule[]> = {
  'backstage-entity': [
    { pattern: 'metadata.links', strategy: named('url') },
    { pattern: 'metadata.tags', strategy: 'set' },
    { pattern: 'spec.dependsOn', strategy: 'set' },
    { pattern: 'spec.dependencyOf', strategy: 'set' },
    { pattern: 'spec.providesApis', strategy: 'set' },
    { pattern: 'spec.consumesApis', strategy: 'set' },
    { pattern: 'spec.targets', strategy: 'set' },
  ],
  devspace: [
    { pattern: 'dev.*.ports', strategy: named('port') },
    { pattern: 'dev.*.sync', strategy: named('path') },
    { pattern: 'deployments.*.kubectl.manifests', strategy: 'set' },
    { pattern: 'deployments.*.helm.valuesFiles', strategy: 'sequence' },
    { pattern: 'hooks', strategy: 'sequence' },
  ],
  cloudbuild: [
    { pattern: 'steps', strategy: named('id') },
    { pattern: 'steps[].env', strategy: 'set' },
    { pattern: 'steps[].secretEnv', strategy: 'set' },
    { pattern: 'steps[].waitFor', strategy: 'set' },
    { pattern: 'steps[].volumes', strategy: named('name') },
    { pattern: 'steps[].args', strategy: 'sequence' },
    { pattern: 'images', strategy: 'set' },
    { pattern: 'tags', strategy: 'set' },
    { pattern: 'options.env', strategy: 'set' },
    { pattern: 'options.secretEnv', strategy: 'set' },
    { pattern: 'options.volumes', strategy: named('name') },
    { pattern: 'availableSecrets.secretManager', strategy: named('env') },
    { pattern: 'artifacts.objects.paths', strategy: 'set' },
  ],
  kubernetes: KUBERNETES_RULES,
  generic: [],
};

/** Lists of maps with no rule merge by `name` when every item has a unique one (most tools' convention). */
export const DEFAULT_NAMED_KEYS = ['name'];

function segmentsOf(pattern: string): string[] {
  return pattern.replace(/\[\]/g, '.[]').split('.').filter(Boolean);
}

function matches(pattern: string[], path: string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') {
    for (let i = 0; i <= path.length; i++) {
      if (matches(rest, path.slice(i))) return true;
    }
    return false;
  }
  if (path.length === 0) return false;
  if (head !== '*' && head !== path[0]) return false;
  return matches(rest, path.slice(1));
}

/**
 * The strategy for the list at `schemaPath` (map keys, `[]` for list items), or undefined when
 * the table has no rule (then the merge decides from the items).
 */
export function listStrategyFor(
  kind: FileKind,
  schemaPath: string[],
): ListStrategy | undefined {
  for (const rule of LIST_RULES[kind]) {
    if (matches(segmentsOf(rule.pattern), schemaPath)) return rule.strategy;
  }
  return undefined;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** What kind of file one document is, from its path and content. */
export function detectKind(path: string, value: unknown): FileKind {
  const name = baseName(path);
  const obj =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const apiVersion =
    typeof obj?.apiVersion === 'string' ? obj.apiVersion : undefined;
  if (apiVersion && /(^|\.)backstage\.io\//.test(apiVersion)) {
    return 'backstage-entity';
  }
  if (/^devspace(\..+)?\.ya?ml$/.test(name)) return 'devspace';
  if (/^cloudbuild(\..+)?\.(ya?ml|json)$/.test(name)) return 'cloudbuild';
  if (apiVersion && typeof obj?.kind === 'string') return 'kubernetes';
  return 'generic';
}
