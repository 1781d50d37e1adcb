import path from 'node:path';
import type { Tree } from '../lib/tree';
import { blocksOf, HclJson, terraformFolders } from './load';

/**
 * A rendered Terraform module read the way Terraform builds its dependency graph: every
 * resource and data source with the addresses it references (its arguments' expressions,
 * including `for_each`, `count` and `depends_on`, and the locals those expressions use), the
 * module's locals and variables, and the values of `terraform.tfvars` / `*.auto.tfvars`.
 *
 * Terraform creates a resource only after everything it references (directly or through
 * locals), and everything in its `depends_on`, exists; nothing else orders two resources
 * (https://developer.hashicorp.com/terraform/language/resources/behavior#resource-dependencies).
 * `dependsOn` below is that relation, transitively.
 *
 * Parsing: load.ts (`@cdktf/hcl2json`, HCL2 → JSON, expressions kept as `${...}` strings).
 */
export interface TerraformBlock {
  /** `google_container_cluster.main`, `data.google_project.this` */
  address: string;
  /** `google_container_cluster` (without `data.`) */
  type: string;
  name: string;
  mode: 'managed' | 'data';
  /** The file that declares it, relative to the tree root. */
  file: string;
  /** The block's arguments and nested blocks as hcl2json returns them. */
  body: Record<string, unknown>;
}

export interface TerraformModule {
  /** The module's folder, relative to the tree root ('' for the root). */
  dir: string;
  /** Resources and data sources by address. */
  blocks: Map<string, TerraformBlock>;
  locals: Map<string, unknown>;
  /** Variables and their defaults (undefined when none). */
  variables: Map<string, { default?: unknown }>;
  /** Values of terraform.tfvars and *.auto.tfvars. */
  tfvars: Record<string, unknown>;
  /** Files hcl2json could not read (the syntax validator reports them). */
  unreadable: string[];
}

/**
 * Reads every folder of the tree with `.tf` files as one module (load.ts: each file parsed once
 * per tree, `.mx/base/` left out), sorted by folder.
 */
export async function readTerraformModules(
  tree: Tree,
): Promise<TerraformModule[]> {
  const modules: TerraformModule[] = [];
  for (const { dir, files } of await terraformFolders(tree)) {
    const m: TerraformModule = {
      dir: dir === '.' ? '' : dir,
      blocks: new Map(),
      locals: new Map(),
      variables: new Map(),
      tfvars: {},
      unreadable: [],
    };
    for (const { file, json } of files) {
      if (!json) {
        m.unreadable.push(file);
        continue;
      }
      const base = path.posix.basename(file);
      if (base === 'terraform.tfvars' || base.endsWith('.auto.tfvars')) {
        Object.assign(m.tfvars, json);
        continue;
      }
      if (file.endsWith('.tfvars')) continue;
      for (const { mode, type, name, address, bodies } of blocksOf(json)) {
        m.blocks.set(address, {
          address,
          type,
          name,
          mode,
          file,
          body: bodies[0] ?? {},
        });
      }
      for (const l of (json.locals ?? []) as HclJson[]) {
        for (const [k, v] of Object.entries(l)) m.locals.set(k, v);
      }
      for (const [name, decls] of Object.entries(
        (json.variable ?? {}) as HclJson,
      )) {
        m.variables.set(name, { default: (decls as HclJson[])[0]?.default });
      }
    }
    modules.push(m);
  }
  return modules.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** Every string inside a parsed HCL value (argument values, nested blocks, lists). */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(stringsOf);
  }
  return [];
}

const TRAVERSAL = /\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/g;
const LOCAL_REF = /\blocal\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** The locals an HCL value uses, and the locals those use (transitively). */
export function localsUsedBy(m: TerraformModule, value: unknown): Set<string> {
  const seen = new Set<string>();
  const visit = (v: unknown) => {
    for (const s of stringsOf(v)) {
      for (const [, name] of s.matchAll(LOCAL_REF)) {
        if (seen.has(name) || !m.locals.has(name)) continue;
        seen.add(name);
        visit(m.locals.get(name));
      }
    }
  };
  visit(value);
  return seen;
}

/**
 * The text Terraform evaluates for a block: its own strings and those of every local it uses.
 * (What "the arguments mention" means for a rule looking for a value such as `.svc.id.goog`.)
 */
export function evaluatedStrings(
  m: TerraformModule,
  block: TerraformBlock,
): string[] {
  return [
    ...stringsOf(block.body),
    ...[...localsUsedBy(m, block.body)].flatMap(l =>
      stringsOf(m.locals.get(l)),
    ),
  ];
}

/** The blocks a block references directly: its expressions, its locals' and `depends_on`. */
export function directDependencies(
  m: TerraformModule,
  block: TerraformBlock,
): Set<string> {
  const deps = new Set<string>();
  for (const s of evaluatedStrings(m, block)) {
    for (const [, ref] of s.matchAll(TRAVERSAL)) {
      if (ref !== block.address && m.blocks.has(ref)) deps.add(ref);
    }
  }
  return deps;
}

/** Every block Terraform creates before `address` (its dependencies, transitively). */
export function dependenciesOf(
  m: TerraformModule,
  address: string,
): Set<string> {
  const seen = new Set<string>();
  const stack = [address];
  while (stack.length) {
    const block = m.blocks.get(stack.pop()!);
    if (!block) continue;
    for (const d of directDependencies(m, block)) {
      if (!seen.has(d)) {
        seen.add(d);
        stack.push(d);
      }
    }
  }
  return seen;
}

/**
 * The value of an expression with the fixture's values: literals as they are, `${var.x}` from
 * the tfvars or the variable's default, `${local.x}` from the local; undefined otherwise.
 */
export function evaluate(m: TerraformModule, value: unknown): unknown {
  if (Array.isArray(value)) return value.map(v => evaluate(m, v));
  if (typeof value !== 'string') return value;
  const whole = /^\$\{\s*(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/.exec(
    value,
  );
  if (whole) {
    const [, kind, name] = whole;
    if (kind === 'var') {
      return name in m.tfvars ? m.tfvars[name] : m.variables.get(name)?.default;
    }
    return evaluate(m, m.locals.get(name));
  }
  return value.includes('${') ? undefined : value;
}

/** The blocks of a type in a module. */
export function blocksOfType(
  m: TerraformModule,
  type: string,
): TerraformBlock[] {
  return [...m.blocks.values()].filter(
    b => b.mode === 'managed' && b.type === type,
  );
}

/** A nested block (hcl2json gives nested blocks as one-element arrays). */
export function nested(
  body: Record<string, unknown> | undefined,
  ...names: string[]
): Record<string, unknown> | undefined {
  let cur: unknown = body;
  for (const n of names) {
    if (!cur || typeof cur !== 'object') return undefined;
    const next = (cur as Record<string, unknown>)[n];
    cur = Array.isArray(next) ? next[0] : next;
  }
  return cur && typeof cur === 'object'
    ? (cur as Record<string, unknown>)
    : undefined;
}
