import fs from 'node:fs';
import path from 'node:path';
import type {
  ProviderSchemaIndex,
  SchemaField,
  SchemaNode,
} from './googleSchema';

// Deriving the google provider schema from `@cdktf/provider-google` (see googleSchema.ts).

export const FORMAT = 2;

export const PACKAGE = '@cdktf/provider-google';

type JsiiType = {
  fqn: string;
  kind: 'class' | 'interface' | 'enum';
  base?: string;
  datatype?: boolean;
  interfaces?: string[];
  docs?: { summary?: string; remarks?: string };
  initializer?: { parameters?: { name: string; type: JsiiTypeRef }[] };
  properties?: JsiiProperty[];
  methods?: { name: string; returns?: { type: JsiiTypeRef } }[];
};

type JsiiProperty = {
  name: string;
  optional?: boolean;
  static?: boolean;
  docs?: { remarks?: string };
  type: JsiiTypeRef;
};

type JsiiTypeRef = {
  fqn?: string;
  primitive?: string;
  collection?: { kind: 'array' | 'map'; elementtype: JsiiTypeRef };
  union?: { types: JsiiTypeRef[] };
};

/**
 * From the generated JavaScript of the package: camelCase getter name → Terraform name, and how
 * each block is synthesized (`list`, `set`, or `struct` for a single nested block such as
 * `timeouts`), keyed by its storage class (`<Struct>` or `<Struct>List`).
 */
function readGeneratedJs(libDir: string): {
  names: Map<string, string | null>;
  blockTypes: Map<string, string>;
} {
  const names = new Map<string, string | null>();
  const blockTypes = new Map<string, string>();
  const add = (camel: string, snake: string) => {
    const known = names.get(camel);
    if (known === undefined) names.set(camel, snake);
    else if (known !== snake) names.set(camel, null); // ambiguous: use the docs or the rule
  };
  const getter =
    /get (\w+)\(\) \{\s+return this\.get\w*Attribute\('([^']+)'\)/g;
  const member = /this\._(\w+) = new [\w.]+\(this, "([^"]+)"/g;
  const block = /isBlock: true,\s*type: "(\w+)",\s*storageClassType: "(\w+)"/g;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        const js = fs.readFileSync(p, 'utf8');
        for (const m of js.matchAll(getter)) add(m[1], m[2]);
        for (const m of js.matchAll(member)) add(m[1], m[2]);
        for (const m of js.matchAll(block)) blockTypes.set(m[2], m[1]);
      }
    }
  };
  walk(libDir);
  return { names, blockTypes };
}

/** `enableK8SBetaApis`-style fallback when neither the docs nor the JavaScript name a field. */
function snakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

/** The Terraform type a class represents, from its docs: `{@link .../resources/x google_x}`. */
function terraformType(t: JsiiType): string | undefined {
  return /\{@link \S+ (google[\w-]*)\}/.exec(t.docs?.summary ?? '')?.[1];
}

const KIND_OF_BASE: Record<string, 'resource' | 'data' | 'provider'> = {
  'cdktf.TerraformResource': 'resource',
  'cdktf.TerraformDataSource': 'data',
  'cdktf.TerraformProvider': 'provider',
};

/** Derives the whole schema from the package's `.jsii` (and its JavaScript, for names). */
export function deriveGoogleSchema(dir: string): {
  index: ProviderSchemaIndex;
  types: Map<string, SchemaNode>;
} {
  const jsii = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf8')) as {
    version: string;
    types: Record<string, JsiiType>;
  };
  const pkg = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  );
  const types = jsii.types;
  const { names: jsNames, blockTypes } = readGeneratedJs(path.join(dir, 'lib'));
  /** Blocks are lists (or sets) in Terraform, read as `x[0].y`; single nested blocks as `x.y`. */
  const blockShape = (structFqn: string): SchemaField['shape'] => {
    const local = structFqn.slice(structFqn.lastIndexOf('.') + 1);
    const synth = blockTypes.get(local) ?? blockTypes.get(`${local}List`);
    return synth === 'struct' ? 'object' : 'list';
  };

  const nameOf = (p: JsiiProperty): string => {
    const anchor = /#(\w+) /.exec(p.docs?.remarks ?? '')?.[1];
    return anchor ?? jsNames.get(p.name) ?? snakeCase(p.name);
  };
  const readName = (p: JsiiProperty): string =>
    jsNames.get(p.name) ??
    /#(\w+) /.exec(p.docs?.remarks ?? '')?.[1] ??
    snakeCase(p.name);

  /** The struct of a config property's type (a block), whether written once or as a list. */
  const blockStruct = (ref: JsiiTypeRef): string | undefined => {
    const candidates = ref.union ? ref.union.types : [ref];
    for (const c of candidates) {
      const el = c.collection?.kind === 'array' ? c.collection.elementtype : c;
      if (el.fqn && types[el.fqn]?.datatype) return el.fqn;
    }
    return undefined;
  };
  /** What a reference may read below a getter of this type. */
  const readShape = (
    ref: JsiiTypeRef,
  ): { shape?: SchemaField['shape']; nestedClass?: string } => {
    if (ref.collection)
      return { shape: ref.collection.kind === 'map' ? 'map' : 'list' };
    const fqn = ref.fqn;
    if (!fqn) return {};
    if (/^cdktf\.\w*Map$/.test(fqn)) return { shape: 'map' };
    if (/^cdktf\.\w*(List|MapList)$/.test(fqn)) return { shape: 'list' };
    const t = types[fqn];
    if (!t) return {};
    if (t.base === 'cdktf.ComplexList') {
      const el = t.methods?.find(m => m.name === 'get')?.returns?.type.fqn;
      return { shape: 'list', nestedClass: el };
    }
    // a computed object: a one-element list (SDKv2) or a single object (plugin framework); the
    // bindings do not tell which, so references may read it either way
    if (t.base === 'cdktf.ComplexObject') return { nestedClass: fqn };
    return {};
  };

  const memo = new Map<string, SchemaNode>();
  /** A node from a config struct (arguments, blocks) and the class reading it (attributes). */
  const node = (
    structFqn: string | undefined,
    readClassFqn: string | undefined,
  ): SchemaNode => {
    const key = `${structFqn}|${readClassFqn}`;
    const known = memo.get(key);
    if (known) return known;
    const result: SchemaNode = { fields: {} };
    memo.set(key, result);
    const readable = new Map<string, JsiiProperty>();
    for (const p of (readClassFqn && types[readClassFqn]?.properties) || []) {
      if (p.static || p.name === 'internalValue' || p.name.endsWith('Input'))
        continue;
      readable.set(p.name, p);
    }
    for (const p of (structFqn && types[structFqn]?.properties) || []) {
      const name = nameOf(p);
      const struct = blockStruct(p.type);
      const reader = readable.get(p.name);
      readable.delete(p.name);
      if (struct) {
        const read = reader ? readShape(reader.type) : {};
        result.fields[name] = {
          kind: 'block',
          ...(p.optional ? {} : { required: true }),
          shape: blockShape(struct),
          nested: node(struct, read.nestedClass),
        };
      } else {
        const read = readShape(p.type);
        result.fields[name] = {
          kind: 'argument',
          ...(p.optional ? {} : { required: true }),
          ...(read.shape ? { shape: read.shape } : {}),
        };
      }
    }
    for (const p of readable.values()) {
      const name = readName(p);
      if (result.fields[name]) continue;
      const read = readShape(p.type);
      result.fields[name] = {
        kind: 'computed',
        ...(read.shape ? { shape: read.shape } : {}),
        ...(read.nestedClass
          ? { nested: node(undefined, read.nestedClass) }
          : {}),
      };
    }
    return result;
  };

  const out = new Map<string, SchemaNode>();
  const resources: string[] = [];
  const dataSources: string[] = [];
  for (const t of Object.values(types)) {
    if (t.kind !== 'class') continue;
    const kind = t.base ? KIND_OF_BASE[t.base] : undefined;
    if (!kind) continue;
    const tfType = terraformType(t);
    if (!tfType) continue;
    const config = t.initializer?.parameters?.find(p => p.name === 'config')
      ?.type.fqn;
    const key = kind === 'provider' ? 'provider' : `${kind}.${tfType}`;
    out.set(key, node(config, kind === 'provider' ? undefined : t.fqn));
    if (kind === 'resource') resources.push(tfType);
    if (kind === 'data') dataSources.push(tfType);
  }
  const providerVersion =
    pkg.cdktf?.provider?.version ??
    /hashicorp\/google\/([\d.]+)\//.exec(JSON.stringify(pkg))?.[1] ??
    'unknown';
  return {
    index: {
      format: FORMAT,
      provider: 'google',
      source: `${PACKAGE}@${jsii.version}`,
      providerVersion,
      resources: resources.sort(),
      dataSources: dataSources.sort(),
    },
    types: out,
  };
}
