import type { Tree } from '../lib/tree';
import { didYouMean } from '../lib/didYouMean';
import {
  GoogleProviderSchema,
  loadGoogleProviderSchema,
  SchemaField,
  SchemaNode,
} from '../terraform/googleSchema';
import {
  blockBodies,
  blockSource,
  expressions,
  HclBody,
  readTerraformModules,
  TerraformModule,
} from '../terraform/module';
import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';

const VALIDATOR = 'google provider schema';

/** Meta-arguments Terraform itself reads in a resource / data block (not in provider schemas). */
const RESOURCE_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'connection',
  'provisioner',
]);
const DATA_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
]);

/** Resource types of the google and google-beta providers (one schema family). */
const isGoogleType = (type: string) => type.startsWith('google_');

interface Declared {
  kind: 'resource' | 'data';
  type: string;
  name: string;
  /** Declared with `count` or `for_each`: references need an instance key. */
  multiple: boolean;
}

const address = (d: { kind: string; type: string; name: string }) =>
  `${d.kind === 'data' ? 'data.' : ''}${d.type}.${d.name}`;

const configurable = (node: SchemaNode) =>
  Object.entries(node.fields)
    .filter(([, f]) => f.kind !== 'computed')
    .map(([n]) => n);

/** Arguments and nested blocks of one body against its schema node. */
function checkBody(
  body: HclBody,
  node: SchemaNode,
  where: string,
  meta: Set<string>,
  errors: string[],
  source?: string,
): void {
  const present = new Set<string>();
  const bodies = new Map<string, HclBody[]>();
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    if (key === 'dynamic' && value && typeof value === 'object') {
      // dynamic "x" { for_each = ...; content { ... } } generates x blocks
      for (const [name, dyn] of Object.entries(value as HclBody)) {
        present.add(name);
        const field = node.fields[name];
        if (!field || field.kind !== 'block') {
          errors.push(
            `${where}: dynamic '${name}': ${
              field
                ? `'${name}' is an argument, not a block`
                : `unknown block '${name}'${didYouMean(
                    name,
                    configurable(node),
                  )}`
            }`,
          );
          continue;
        }
        for (const d of blockBodies(dyn) ?? []) {
          for (const content of blockBodies(d.content) ?? []) {
            bodies.set(name, [...(bodies.get(name) ?? []), content]);
          }
        }
      }
      continue;
    }
    present.add(key);
    const field = node.fields[key];
    const asBlocks = blockBodies(value);
    if (!field) {
      errors.push(
        `${where}: unknown ${
          asBlocks ? 'block' : 'argument'
        } '${key}'${didYouMean(key, configurable(node))}`,
      );
    } else if (field.kind === 'computed') {
      errors.push(
        `${where}: '${key}' is read-only (computed by the provider): it cannot be set`,
      );
    } else if (field.kind === 'block') {
      if (
        !asBlocks ||
        (source && new RegExp(`^[ \\t]*${key}[ \\t]*=`, 'm').test(source))
      ) {
        errors.push(
          `${where}: '${key}' is a block: write \`${key} { ... }\`${
            asBlocks ? ' (one block per item)' : ''
          }, not \`${key} = ...\``,
        );
      } else bodies.set(key, [...(bodies.get(key) ?? []), ...asBlocks]);
    } else if (
      asBlocks &&
      asBlocks.length > 0 &&
      (source
        ? new RegExp(`^[ \\t]*${key}[ \\t]*\\{`, 'm').test(source)
        : field.shape !== 'list')
    ) {
      errors.push(
        `${where}: '${key}' is an argument, not a block: write \`${key} = ...\``,
      );
    }
  }
  for (const [name, field] of Object.entries(node.fields)) {
    if (!field.required || present.has(name)) continue;
    errors.push(
      `${where}: missing required ${
        field.kind === 'block'
          ? `block '${name} { ... }'`
          : `argument '${name}'`
      }`,
    );
  }
  for (const [name, list] of bodies) {
    const nested = node.fields[name].nested;
    if (!nested) continue;
    for (const b of list) {
      checkBody(b, nested, `${where} › ${name}`, new Set(), errors, source);
    }
  }
}

/** A reference's traversal after the resource address: `.attr`, `[key]`, `[*]`, `.*`. */
type Step = { attr: string } | { index: string };

function parseSteps(rest: string): Step[] {
  const steps: Step[] = [];
  const re = /\.([A-Za-z_][\w-]*)|\[([^\][]*)\]|\.\*/g;
  let at = 0;
  for (const m of rest.matchAll(re)) {
    if (m.index !== at) break;
    at = m.index + m[0].length;
    if (m[1] !== undefined) steps.push({ attr: m[1] });
    else steps.push({ index: m[2] ?? '*' });
  }
  return steps;
}

/** Checks the attribute path a reference reads from a resource or data source. */
function checkPath(
  steps: Step[],
  node: SchemaNode,
  ref: string,
  type: string,
): string | undefined {
  let current: SchemaNode | undefined = node;
  let shape: SchemaField['shape'] | 'start' = 'start';
  let pathSoFar = '';
  for (let i = 0; i < steps.length && current; i++) {
    const step = steps[i];
    if ('index' in step) {
      if (shape === 'object')
        return `${ref}: '${pathSoFar}' is a single object: read '${pathSoFar}.<attribute>', not an index`;
      pathSoFar += `[${step.index}]`;
      shape = 'start';
      continue;
    }
    if (shape === 'list')
      return `${ref}: '${pathSoFar}' is a list of blocks: read '${pathSoFar}[0].${step.attr}'`;
    const field: SchemaField | undefined = current.fields[step.attr];
    if (!field) {
      return `${ref}: ${type} has no attribute '${
        pathSoFar ? `${pathSoFar}.` : ''
      }${step.attr}'${didYouMean(step.attr, Object.keys(current.fields))}`;
    }
    pathSoFar += `${pathSoFar ? '.' : ''}${step.attr}`;
    if (!field.nested) return undefined; // a value, list or map: the schema says no more
    current = field.nested;
    shape = field.shape ?? 'start';
  }
  return undefined;
}

/** `google_x.y...` / `data.google_x.y...` references in one expression. */
const REFERENCE =
  /(?<![\w.\]-])(data\.)?(google_[a-z0-9_]+)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\][]*\]|\.\*)*)/g;

function checkReferences(
  expr: string,
  declared: Map<string, Declared>,
  schema: GoogleProviderSchema,
  errors: string[],
): void {
  for (const m of expr.matchAll(REFERENCE)) {
    const [, data, type, name, rest] = m;
    const kind = data ? 'data' : 'resource';
    const addr = `${data ?? ''}${type}.${name}`;
    const target = declared.get(addr);
    if (!target) {
      const candidates = [...declared.values()]
        .filter(d => d.kind === kind)
        .map(address);
      errors.push(
        `reference to undeclared ${
          kind === 'data' ? 'data source' : 'resource'
        } '${addr}'${didYouMean(addr, candidates)}`,
      );
      continue;
    }
    const node =
      kind === 'data' ? schema.dataSource(type) : schema.resource(type);
    if (!node) continue; // an unknown type, reported where it is declared
    let steps = parseSteps(rest);
    const ref = `${addr}${rest}`;
    if (steps.length === 0) continue; // the whole resource (depends_on, for expressions)
    if (target.multiple) {
      if (!('index' in steps[0])) {
        errors.push(
          `${ref}: '${addr}' has count or for_each: read one instance ('${addr}[<key>].${
            (steps[0] as { attr: string }).attr
          }') or all ('${addr}[*]...')`,
        );
        continue;
      }
      steps = steps.slice(1);
    } else if ('index' in steps[0] && steps[0].index !== '*') {
      errors.push(
        `${ref}: '${addr}' has no count or for_each: read it without an instance key`,
      );
      continue;
    } else if ('index' in steps[0]) steps = steps.slice(1);
    const problem = checkPath(steps, node, ref, addr);
    if (problem) errors.push(problem);
  }
}

/** Checks one module folder; returns a row per .tf file with something of the google provider. */
function checkModule(
  module: TerraformModule,
  schema: GoogleProviderSchema,
): FileCheck[] {
  const declared = new Map<string, Declared>();
  for (const { json } of module.files) {
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(
        (json[kind] ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        for (const [name, bodies] of Object.entries(byName)) {
          const body = blockBodies(bodies)?.[0] ?? {};
          const d = {
            kind,
            type,
            name,
            multiple: 'count' in body || 'for_each' in body,
          };
          declared.set(address(d), d);
        }
      }
    }
  }
  const rows: FileCheck[] = [];
  for (const { file, json, text } of module.files) {
    const errors: string[] = [];
    const unchecked: string[] = [];
    let googleContent = false;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(
        (json[kind] ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        for (const [name, bodies] of Object.entries(byName)) {
          const addr = address({ kind, type, name });
          if (!isGoogleType(type)) {
            if (type !== 'terraform_data') unchecked.push(addr);
            continue;
          }
          googleContent = true;
          const known =
            kind === 'data' ? schema.dataSourceTypes : schema.resourceTypes;
          const node =
            kind === 'data' ? schema.dataSource(type) : schema.resource(type);
          if (!node) {
            errors.push(
              `${addr}: unknown ${
                kind === 'data' ? 'data source' : 'resource'
              } type '${type}' in google provider ${
                schema.index.providerVersion
              }${didYouMean(type, known)}`,
            );
            continue;
          }
          const source = blockSource(text, kind, type, name);
          for (const body of blockBodies(bodies) ?? []) {
            checkBody(
              body,
              node,
              addr,
              kind === 'data' ? DATA_META : RESOURCE_META,
              errors,
              source,
            );
          }
        }
      }
    }
    const providers = (json.provider ?? {}) as Record<string, unknown>;
    for (const [name, bodies] of Object.entries(providers)) {
      if (name !== 'google' && name !== 'google-beta') continue;
      googleContent = true;
      const node = schema.provider();
      for (const body of blockBodies(bodies) ?? []) {
        if (node)
          checkBody(body, node, `provider "${name}"`, new Set(), errors);
      }
    }
    const refErrors: string[] = [];
    for (const expr of expressions(json)) {
      if (expr.includes('google_')) {
        googleContent = true;
        checkReferences(expr, declared, schema, refErrors);
      }
    }
    errors.push(...new Set(refErrors));
    if (googleContent || errors.length > 0) {
      rows.push({
        file,
        validator: `${VALIDATOR} ${schema.index.providerVersion}`,
        status: errors.length > 0 ? 'fail' : 'pass',
        message: errors.length > 0 ? errors.join(' | ') : undefined,
      });
    }
    if (unchecked.length > 0) {
      rows.push({
        file,
        validator: 'provider schema',
        status: 'n/a',
        message: `not checked (no provider schema in the kit): ${unchecked.join(
          ', ',
        )}`,
      });
    }
  }
  return rows;
}

/**
 * Reads every Terraform module of a rendered tree against the real google provider schema (from
 * `@cdktf/provider-google`): resource and data source types, arguments, nested blocks, required
 * arguments and blocks, block/argument syntax, and the attributes references read.
 */
export const providerSchemaCheck: TreeCheck = {
  name: 'google provider schema',
  async run(tree: Tree): Promise<FileCheck[]> {
    const modules = await readTerraformModules(tree);
    if (modules.length === 0) return [];
    const schema = loadGoogleProviderSchema();
    return modules.flatMap(m => checkModule(m, schema));
  },
};
