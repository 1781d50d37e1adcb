import fs from 'node:fs';
import path from 'node:path';
import { SchemaStore, formatAjvErrors } from './schemas';

export interface KubernetesDocResult {
  ok: boolean;
  /** e.g. `apps/v1 Deployment` */
  what: string;
  /** kubernetes-models, the CRD schema file, or 'no validator' */
  validator: string;
  message?: string;
}

const coreModules = new Map<string, Record<string, any> | null>();
let modelsDir: string | undefined | null;

/**
 * kubernetes-models 5 is ESM with `import`-only exports: its per-version index files are loaded
 * by path (Node 22 requires ESM; jest transforms it).
 */
function kubernetesModelsDir(): string | null {
  if (modelsDir === undefined) {
    modelsDir =
      (require.resolve.paths('kubernetes-models') ?? [])
        .map(p => path.join(p, 'kubernetes-models'))
        .find(p => fs.existsSync(path.join(p, 'package.json'))) ?? null;
  }
  return modelsDir;
}

let gkeModelsDir: string | undefined | null;

/** @kubernetes-models/gke: GKE's own kinds (BackendConfig, FrontendConfig...), CommonJS builds. */
function gkeDir(): string | null {
  if (gkeModelsDir === undefined) {
    try {
      gkeModelsDir = path.dirname(
        require.resolve('@kubernetes-models/gke/package.json'),
      );
    } catch {
      gkeModelsDir = null;
    }
  }
  return gkeModelsDir;
}

/**
 * Model classes for one apiVersion (`v1`, `apps/v1`, `cloud.google.com/v1`...), from
 * kubernetes-models (core kinds) or @kubernetes-models/gke (GKE kinds), or null.
 */
function coreModule(apiVersion: string): Record<string, any> | null {
  if (!coreModules.has(apiVersion)) {
    let mod: Record<string, any> | null = null;
    if (/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion)) {
      for (const dir of [kubernetesModelsDir(), gkeDir()]) {
        const index =
          dir && path.join(dir, ...apiVersion.split('/'), 'index.js');
        if (index && fs.existsSync(index)) {
          mod = require(index);
          break;
        }
      }
    }
    coreModules.set(apiVersion, mod);
  }
  return coreModules.get(apiVersion)!;
}

function describeModelError(e: unknown): string {
  const err = e as { message?: string; errors?: any[] };
  if (Array.isArray(err.errors) && err.errors.length > 0) {
    return err.errors
      .slice(0, 5)
      .map(
        x =>
          `${x.instancePath || x.dataPath || '/'} ${x.message}${
            x.params?.additionalProperty
              ? ` (${x.params.additionalProperty})`
              : ''
          }`,
      )
      .join('; ');
  }
  return err.message ?? String(e);
}

/** Validates one Kubernetes object: core kinds with kubernetes-models, CRDs with their schema. */
export async function validateKubernetesObject(
  doc: Record<string, any>,
  schemas: SchemaStore,
): Promise<KubernetesDocResult> {
  const apiVersion = String(doc.apiVersion);
  const kind = String(doc.kind);
  const what = `${apiVersion} ${kind}`;
  if (typeof doc.metadata?.name !== 'string' || !doc.metadata.name) {
    return {
      ok: false,
      what,
      validator: 'kubernetes',
      message: `${what}: metadata.name is missing`,
    };
  }
  const mod = coreModule(apiVersion);
  const Model = mod?.[kind];
  if (typeof Model === 'function' && Model.apiVersion === apiVersion) {
    try {
      new Model(doc).validate();
      return { ok: true, what, validator: 'kubernetes-models' };
    } catch (e) {
      return {
        ok: false,
        what,
        validator: 'kubernetes-models',
        message: `${what} ${doc.metadata.name}: ${describeModelError(e)}`,
      };
    }
  }
  const crd = await schemas.crdFor(apiVersion, kind);
  if (crd) {
    const ok = crd.validate(doc) as boolean;
    return {
      ok,
      what,
      validator: `crd ${crd.file}`,
      message: ok
        ? undefined
        : `${what} ${doc.metadata.name}: ${formatAjvErrors(crd.validate)}`,
    };
  }
  return {
    ok: false,
    what,
    validator: 'no validator',
    message: `no validator for ${what} (add its CRD schema to the schema folder's crds/)`,
  };
}
