import Ajv, { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';

/** Options every schema here needs (see the schemas README: ajv quirks). */
function configure<T extends Ajv>(ajv: T): T {
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary']) {
    if (!ajv.formats[f]) ajv.addFormat(f, true);
  }
  ajv.addFormat('int-or-string', true);
  return ajv;
}

function newAjv(): Ajv {
  return configure(new Ajv({ strict: false, allErrors: true, logger: false }));
}

/**
 * Go-style regexes (`(?ms)...`, `(?i)`) are not JavaScript: their leading inline flags are
 * dropped, and a pattern that still does not compile is removed (and counted) rather than
 * failing the whole schema.
 */
export function makePatternsJavaScript(schema: unknown): number {
  let dropped = 0;
  const fix = (p: string): string | undefined => {
    const stripped = p.replace(/^\(\?[imsU]+\)/, '');
    try {
      // eslint-disable-next-line no-new
      new RegExp(stripped, 'u');
      return stripped;
    } catch {
      return undefined;
    }
  };
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.pattern === 'string') {
      const fixed = fix(o.pattern);
      if (fixed === undefined) {
        delete o.pattern;
        dropped++;
      } else o.pattern = fixed;
    }
    if (o.patternProperties && typeof o.patternProperties === 'object') {
      const pp = o.patternProperties as Record<string, unknown>;
      for (const key of Object.keys(pp)) {
        const fixed = fix(key);
        const value = pp[key];
        delete pp[key];
        if (fixed !== undefined) pp[fixed] = value;
        else dropped++;
      }
    }
    Object.values(o).forEach(walk);
  };
  walk(schema);
  return dropped;
}

export function formatAjvErrors(validate: ValidateFunction, max = 5): string {
  const errors = validate.errors ?? [];
  const lines = errors
    .slice(0, max)
    .map(
      e =>
        `${e.instancePath || '/'} ${e.message}${
          e.keyword === 'additionalProperties'
            ? ` (${(e.params as any).additionalProperty})`
            : ''
        }${
          e.keyword === 'enum'
            ? ` (${JSON.stringify((e.params as any).allowedValues)})`
            : ''
        }`,
    );
  if (errors.length > max) lines.push(`... ${errors.length - max} more`);
  return lines.join('; ');
}

/** Compiles on first call (the CRD schemas are large; most trees use a few of them). */
function lazy(compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled = compiled ?? compile();
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  }) as ValidateFunction;
  return validate;
}

/** A CRD schema: which apiVersion/kind it validates and where it came from. */
export interface CrdSchema {
  apiVersion: string;
  kind: string;
  file: string;
  validate: ValidateFunction;
}

/** Compiles the shared schemas on first use; one instance per kit run. */
export class SchemaStore {
  #cache = new Map<string, Promise<ValidateFunction>>();
  #crds?: Promise<Map<string, CrdSchema>>;

  constructor(readonly dir: string) {}

  #json(file: string): Promise<any> {
    return fs
      .readFile(path.join(this.dir, file), 'utf8')
      .then(t => JSON.parse(t));
  }

  devspace(): Promise<ValidateFunction> {
    return this.#memo('devspace', async () => {
      const schema = await this.#json('devspace-v6.json');
      // its $schema is the http:// spelling of 2020-12, which Ajv2020 does not know by that id
      delete schema.$schema;
      makePatternsJavaScript(schema);
      const ajv = configure(
        new Ajv2020({ strict: false, allErrors: true, logger: false }),
      );
      return ajv.compile(schema);
    });
  }

  cloudbuild(): Promise<ValidateFunction> {
    return this.#memo('cloudbuild', async () => {
      const schema = await this.#json('cloudbuild.json');
      makePatternsJavaScript(schema);
      return newAjv().compile(schema);
    });
  }

  catalogInfo(): Promise<ValidateFunction> {
    return this.#memo('catalog-info', async () => {
      const schema = await this.#json('backstage-catalog-info.json');
      makePatternsJavaScript(schema);
      return newAjv().compile(schema);
    });
  }

  /** CRD schemas by `apiVersion/kind` (e.g. `kubeflow.org/v1/PyTorchJob`). */
  crds(): Promise<Map<string, CrdSchema>> {
    if (!this.#crds) this.#crds = this.#loadCrds();
    return this.#crds;
  }

  async #loadCrds(): Promise<Map<string, CrdSchema>> {
    const root = path.join(this.dir, 'crds');
    const result = new Map<string, CrdSchema>();
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await fs.readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else files.push(p);
      }
    };
    await walk(root).catch(() => undefined);
    const ajv = newAjv();
    for (const file of files.sort()) {
      const rel = path.relative(this.dir, file);
      if (file.endsWith('.yaml') || file.endsWith('.yml')) {
        // A CustomResourceDefinition: one schema per served version
        const crd = YAML.parse(await fs.readFile(file, 'utf8'));
        for (const v of crd?.spec?.versions ?? []) {
          if (!v.served || !v.schema?.openAPIV3Schema) continue;
          const schema = v.schema.openAPIV3Schema;
          makePatternsJavaScript(schema);
          const apiVersion = `${crd.spec.group}/${v.name}`;
          const kind = crd.spec.names.kind;
          result.set(`${apiVersion}/${kind}`, {
            apiVersion,
            kind,
            file: rel,
            validate: lazy(() => ajv.compile(schema)),
          });
        }
      } else if (file.endsWith('.json')) {
        // CRDs-catalog layout: <group>/<kind lowercase>_<version>.json
        const group = path.basename(path.dirname(file));
        const m = /^(.+)_(v[0-9a-z]+)\.json$/.exec(path.basename(file));
        if (!m) continue;
        const schema = JSON.parse(await fs.readFile(file, 'utf8'));
        delete schema.$schema;
        makePatternsJavaScript(schema);
        const apiVersion = `${group}/${m[2]}`;
        result.set(`${apiVersion}/~${m[1]}`, {
          apiVersion,
          kind: m[1],
          file: rel,
          validate: lazy(() => ajv.compile(schema)),
        });
      }
    }
    return result;
  }

  /** The CRD schema for a document, matched by apiVersion and kind. */
  async crdFor(
    apiVersion: string,
    kind: string,
  ): Promise<CrdSchema | undefined> {
    const crds = await this.crds();
    return (
      crds.get(`${apiVersion}/${kind}`) ??
      crds.get(`${apiVersion}/~${kind.toLowerCase()}`)
    );
  }

  #memo(
    key: string,
    fn: () => Promise<ValidateFunction>,
  ): Promise<ValidateFunction> {
    let p = this.#cache.get(key);
    if (!p) {
      p = fn();
      this.#cache.set(key, p);
    }
    return p;
  }
}
