import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deriveGoogleSchema, FORMAT, PACKAGE } from './googleSchemaDerive';

/**
 * The google provider's schema, read offline from the npm package `@cdktf/provider-google`
 * (v16 = google provider 6.x). Its `.jsii` file describes every resource and data source class
 * (the class docs name the Terraform type), each `<Class>Config` struct with every argument and
 * nested block (`optional` flag, type) and every readable attribute (the class getters, and the
 * getters of each nested block's `OutputReference` class). The generated JavaScript carries the
 * Terraform name of every getter (`this.getStringAttribute('cluster_ca_certificate')`).
 *
 * Reading the 100 MB `.jsii` takes about a second, so the schema is derived once per provider
 * version into a cache folder (one small JSON file per resource type) and read from there.
 */

/** One field of a resource, data source or nested block, by its Terraform name. */
export interface SchemaField {
  /**
   * `argument`: set with `name = value`; `block`: written as a nested `name { ... }` block;
   * `computed`: read-only attribute (set by the provider, readable in references).
   */
  kind: 'argument' | 'block' | 'computed';
  /** A required argument, or a block that must appear at least once. */
  required?: boolean;
  /**
   * What a reference may read below it: `list` and `map` take an index, `object` an attribute;
   * unset on a field with `nested`: either (a computed object the bindings do not describe).
   */
  shape?: 'list' | 'map' | 'object';
  /** Fields of the nested object (blocks, and computed lists of objects). */
  nested?: SchemaNode;
}

/** The fields of a resource, data source, provider or nested block. */
export interface SchemaNode {
  fields: Record<string, SchemaField>;
}

export interface ProviderSchemaIndex {
  /** Format of the derived files; a change of format derives them again. */
  format: number;
  provider: string;
  /** The npm package and its version the schema was derived from. */
  source: string;
  /** The google provider version the package was generated from (e.g. 6.50.0). */
  providerVersion: string;
  resources: string[];
  dataSources: string[];
}

function packageDir(): string {
  return path.dirname(require.resolve(`${PACKAGE}/package.json`));
}

/**
 * Where the derived schema of this package version lives: `node_modules/.cache/` beside the
 * package (the usual place for derived build data), or the system's temporary folder when that is
 * not writable. `MX_PROVIDER_SCHEMA_CACHE` overrides it.
 */
function cacheDirs(version: string): string[] {
  const leaf = path.join(
    'mx-template-check',
    `google-provider-schema-${version}-f${FORMAT}`,
  );
  const dirs = [
    process.env.MX_PROVIDER_SCHEMA_CACHE &&
      path.join(process.env.MX_PROVIDER_SCHEMA_CACHE, leaf),
    path.join(packageDir(), '..', '..', '.cache', leaf),
    path.join(os.tmpdir(), leaf),
  ];
  return dirs.filter((d): d is string => Boolean(d));
}

/** File name of a schema entry: `resource.google_x`, `data.google_x`, `provider`. */
function entryFile(dir: string, key: string): string {
  return path.join(dir, `${key}.json`);
}

function writeCache(
  dir: string,
  derived: ReturnType<typeof deriveGoogleSchema>,
): void {
  // Written to a sibling folder and renamed, so a parallel reader never sees half a cache.
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(tmp, { recursive: true });
  for (const [key, node] of derived.types) {
    fs.writeFileSync(entryFile(tmp, key), JSON.stringify(node));
  }
  fs.writeFileSync(path.join(tmp, 'index.json'), JSON.stringify(derived.index));
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'index.json'))) throw e;
  }
}

/** The google provider schema, read lazily per type from the derived cache. */
export class GoogleProviderSchema {
  private readonly nodes = new Map<string, SchemaNode | undefined>();
  readonly resourceTypes: Set<string>;
  readonly dataSourceTypes: Set<string>;

  constructor(
    readonly index: ProviderSchemaIndex,
    private readonly dir: string,
  ) {
    this.resourceTypes = new Set(index.resources);
    this.dataSourceTypes = new Set(index.dataSources);
  }

  private entry(key: string): SchemaNode | undefined {
    if (!this.nodes.has(key)) {
      const file = entryFile(this.dir, key);
      this.nodes.set(
        key,
        fs.existsSync(file)
          ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaNode)
          : undefined,
      );
    }
    return this.nodes.get(key);
  }

  resource(type: string): SchemaNode | undefined {
    return this.resourceTypes.has(type)
      ? this.entry(`resource.${type}`)
      : undefined;
  }

  dataSource(type: string): SchemaNode | undefined {
    return this.dataSourceTypes.has(type)
      ? this.entry(`data.${type}`)
      : undefined;
  }

  provider(): SchemaNode | undefined {
    return this.entry('provider');
  }
}

let loaded: GoogleProviderSchema | undefined;

/**
 * The google provider schema of the installed `@cdktf/provider-google`, derived from its `.jsii`
 * on first use (5–10 s) and cached per package version (then read in milliseconds).
 */
export function loadGoogleProviderSchema(): GoogleProviderSchema {
  if (loaded) return loaded;
  const dir = packageDir();
  const version = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  ).version as string;
  const dirs = cacheDirs(version);
  for (const d of dirs) {
    const indexFile = path.join(d, 'index.json');
    if (fs.existsSync(indexFile)) {
      loaded = new GoogleProviderSchema(
        JSON.parse(fs.readFileSync(indexFile, 'utf8')),
        d,
      );
      return loaded;
    }
  }
  const derived = deriveGoogleSchema(dir);
  let lastError: unknown;
  for (const d of dirs) {
    try {
      fs.mkdirSync(path.dirname(d), { recursive: true });
      writeCache(d, derived);
      loaded = new GoogleProviderSchema(derived.index, d);
      return loaded;
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(
    `cannot write the derived google provider schema to any of ${dirs.join(
      ', ',
    )}: ${String(lastError)}`,
  );
}
