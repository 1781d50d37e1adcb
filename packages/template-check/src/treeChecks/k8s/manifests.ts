import path from 'node:path';
import YAML from 'yaml';
import type { Tree } from '../../lib/tree';
import type { DevspaceDeployment } from './devspace';
import { KNOWN_REMOTE_MANIFESTS, KnownRemoteManifest } from './known';
import { yamlDocuments } from '../treeFiles';

/** The annotation client-side `kubectl apply` writes. */
export const LAST_APPLIED_KEY =
  'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The API server's limit on all of an object's annotations together, keys and values
 * (k8s.io/apimachinery/pkg/api/validation/objectmeta.go: TotalAnnotationSizeLimitB = 256 KiB).
 */
export const ANNOTATION_LIMIT = 262_144;

export type K8sObject = Record<string, any>;

/** Go's encoding/json escapes these in strings (HTML-safe by default). */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The bytes of annotations an object carries after client-side `kubectl apply`: kubectl
 * serialises the object without the last-applied annotation (an empty map stays as `{}`) as
 * compact JSON plus a newline and stores it under that key
 * (k8s.io/kubectl/pkg/util/apply.go: GetModifiedConfiguration). `namespace` is what devspace
 * sets on every object that has none before piping it to kubectl.
 */
export function lastAppliedAnnotationBytes(
  obj: K8sObject,
  namespace?: string,
): number {
  const copy: K8sObject = structuredClone(obj);
  const meta = (copy.metadata ??= {});
  if (!meta.namespace && namespace) meta.namespace = namespace;
  const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
  delete annotations[LAST_APPLIED_KEY];
  meta.annotations = annotations;
  const others = Object.entries(annotations).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)),
    0,
  );
  return (
    others +
    Buffer.byteLength(LAST_APPLIED_KEY) +
    Buffer.byteLength(`${goJson(copy)}\n`)
  );
}

export interface LocalObject {
  file: string;
  obj: K8sObject;
}

export interface RemoteResource {
  /** The reference as the kustomization lists it. */
  ref: string;
  /** The kustomization that lists it. */
  file: string;
  known?: KnownRemoteManifest;
  /** Bytes the kustomization and devspace add to each of its objects (labels, namespace). */
  addedBytes: number;
}

export interface ManifestSet {
  local: LocalObject[];
  remote: RemoteResource[];
}

const MANIFEST_EXT = /\.(ya?ml|json)$/;

function parseObjects(tree: Tree, file: string): LocalObject[] {
  const text = tree.get(file)?.toString('utf8');
  if (text === undefined) return [];
  if (file.endsWith('.json')) {
    try {
      return [{ file, obj: JSON.parse(text) }];
    } catch {
      return [];
    }
  }
  return (yamlDocuments(text) as any[])
    .filter(o => o && typeof o === 'object' && o.kind)
    .map(obj => ({ file, obj }));
}

const isRemote = (ref: string) =>
  /^(https?:\/\/|git@|git::|(github|gitlab)\.com\/|bitbucket\.org\/)/.test(
    ref,
  ) || ref.includes('?ref=');

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

function kustomize(tree: Tree, dir: string, out: ManifestSet): void {
  const kfile = KUSTOMIZATION_FILES.map(f => path.posix.join(dir, f)).find(f =>
    tree.has(f),
  );
  if (!kfile) return;
  const k = YAML.parse(tree.get(kfile)!.toString('utf8')) ?? {};
  const labels: Record<string, string> = {};
  for (const l of k.labels ?? []) Object.assign(labels, l?.pairs ?? {});
  Object.assign(labels, k.commonLabels ?? {});
  const addedBytes =
    (Object.keys(labels).length
      ? Buffer.byteLength(`,"labels":${JSON.stringify(labels)}`)
      : 0) +
    (k.commonAnnotations
      ? Buffer.byteLength(JSON.stringify(k.commonAnnotations)) * 2
      : 0);
  for (const ref of [...(k.resources ?? []), ...(k.bases ?? [])]) {
    if (typeof ref !== 'string') continue;
    if (isRemote(ref)) {
      out.remote.push({
        ref,
        file: kfile,
        known: KNOWN_REMOTE_MANIFESTS[ref],
        addedBytes,
      });
      continue;
    }
    const p = path.posix.normalize(path.posix.join(dir, ref));
    if (tree.has(p)) out.local.push(...parseObjects(tree, p));
    else kustomize(tree, p, out);
  }
}

/**
 * The objects a devspace kubectl deployment applies, read the way devspace does
 * (pkg/devspace/deploy/deployer/kubectl: each manifest is a file or folder, or with
 * `kustomize: true` a kustomization folder), and the remote resources it pulls in.
 */
export function deploymentManifests(
  tree: Tree,
  manifests: string[],
  kustomized: boolean,
): ManifestSet {
  const out: ManifestSet = { local: [], remote: [] };
  for (const m of manifests) {
    let p = path.posix.normalize(m.replace(/\*/g, '')).replace(/\/+$/, '');
    if (kustomized) {
      p = p.replace(/\/?kustomization\.ya?ml$/, '') || '.';
      kustomize(tree, p, out);
    } else if (tree.has(p)) {
      out.local.push(...parseObjects(tree, p));
    } else {
      for (const f of tree.keys()) {
        if (
          path.posix.dirname(f) === p &&
          MANIFEST_EXT.test(f) &&
          !KUSTOMIZATION_FILES.includes(path.posix.basename(f))
        )
          out.local.push(...parseObjects(tree, f));
      }
    }
  }
  return out;
}

export function kubectlManifests(
  tree: Tree,
  d: DevspaceDeployment,
): ManifestSet {
  return deploymentManifests(
    tree,
    d.kubectl?.manifests ?? [],
    d.kubectl?.kustomize === true,
  );
}

export const describeObject = (o: K8sObject) =>
  `${o.kind} ${o.metadata?.name ?? '(unnamed)'}`;
