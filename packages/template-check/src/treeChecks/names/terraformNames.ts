import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../lib/exec';
import type { Tree } from '../../lib/tree';
import { blocksOf, TerraformFolder } from '../../terraform/load';
import * as rules from './rules';
import type { NameRule } from './rules';

/** Which argument of which resource (or data source) is a name, and its rule. */
interface NameArgument {
  /** Attribute path inside the block; `[]` steps into the first nested block. */
  path: string[];
  rule: NameRule;
  /** The value is a map whose keys and values are labels. */
  labels?: 'gcp' | 'kubernetes';
}

/**
 * The names the google provider (6.x) passes to GCP as they are, per resource type. Types not
 * listed here whose `name` argument GCP stores as a Compute Engine resource name get
 * `computeName` through the `google_compute_` prefix.
 */
const NAME_ARGUMENTS: Record<string, NameArgument[]> = {
  'resource.google_container_cluster': [
    { path: ['name'], rule: rules.gkeClusterName },
    { path: ['resource_labels'], rule: rules.gcpLabelValue, labels: 'gcp' },
  ],
  'resource.google_container_node_pool': [
    { path: ['name'], rule: rules.gkeNodePoolName },
    {
      path: ['node_config', 'labels'],
      rule: rules.k8sLabelValue,
      labels: 'kubernetes',
    },
    {
      path: ['node_config', 'resource_labels'],
      rule: rules.gcpLabelValue,
      labels: 'gcp',
    },
  ],
  'resource.google_service_account': [
    { path: ['account_id'], rule: rules.serviceAccountId },
  ],
  'resource.google_artifact_registry_repository': [
    { path: ['repository_id'], rule: rules.artifactRegistryRepositoryId },
    { path: ['labels'], rule: rules.gcpLabelValue, labels: 'gcp' },
  ],
  'resource.google_storage_bucket': [
    { path: ['name'], rule: rules.storageBucketName },
    { path: ['labels'], rule: rules.gcpLabelValue, labels: 'gcp' },
  ],
  'resource.google_cloudbuild_trigger': [
    { path: ['name'], rule: rules.cloudBuildTriggerName },
  ],
  'resource.google_dns_managed_zone': [
    { path: ['name'], rule: rules.dnsManagedZoneName },
    { path: ['dns_name'], rule: rules.dnsRecordName },
  ],
  'data.google_dns_managed_zone': [
    { path: ['name'], rule: rules.dnsManagedZoneName },
  ],
  'resource.google_dns_record_set': [
    { path: ['name'], rule: rules.dnsRecordName },
  ],
  'resource.google_compute_managed_ssl_certificate': [
    { path: ['name'], rule: rules.computeName },
    { path: ['managed', 'domains'], rule: rules.domainName },
  ],
};

function argumentsOf(block: 'resource' | 'data', type: string): NameArgument[] {
  const known = NAME_ARGUMENTS[`${block}.${type}`];
  if (known) return known;
  if (block === 'resource' && type.startsWith('google_compute_')) {
    return [{ path: ['name'], rule: rules.computeName }];
  }
  return [];
}

/** One name argument of one block, with its expression as hcl2json wrote it. */
export interface NameExpression {
  file: string;
  /** `google_container_cluster.main` (data sources: `data.google_...`). */
  address: string;
  argument: string;
  rule: NameRule;
  labels?: 'gcp' | 'kubernetes';
  /** JSON-syntax value: strings are Terraform templates (`"${var.name}-python"`). */
  expression: unknown;
}

/** A value read the way Terraform would, or why it could not be. */
export interface EvaluatedName extends NameExpression {
  value?: unknown;
  /** Set when the expression refers to what only a plan knows (another resource, each.*). */
  notEvaluated?: string;
}

/** References the shadow module cannot resolve: other blocks, each/count/self, modules. */
const UNRESOLVABLE =
  /\$\{[^}]*\b(data|module|each|count|self|path|terraform)\.|\$\{[^}]*\bgoogle_[a-z0-9_]+\./;
const LOCAL_REF = /\blocal\.([A-Za-z_][A-Za-z0-9_-]*)/g;

function dig(block: any, steps: string[]): unknown {
  let node: any = block;
  for (const step of steps) {
    if (Array.isArray(node)) node = node[0];
    if (node === null || typeof node !== 'object') return undefined;
    node = node[step];
  }
  return node;
}

interface ParsedModule {
  variables: Record<string, { default?: unknown }>;
  locals: Record<string, unknown>;
  names: NameExpression[];
  /** Parse failures (reported by the kit's per-file HCL check; skipped here). */
  unparsed: string[];
}

function readModule(folder: TerraformFolder): ParsedModule {
  const module: ParsedModule = {
    variables: {},
    locals: {},
    names: [],
    unparsed: [],
  };
  for (const { file, json } of folder.files) {
    if (!file.endsWith('.tf')) continue;
    if (!json) {
      module.unparsed.push(file);
      continue;
    }
    for (const [name, blocks] of Object.entries<any>(json.variable ?? {})) {
      const b = blocks[0] ?? {};
      module.variables[name] = 'default' in b ? { default: b.default } : {};
    }
    for (const locals of json.locals ?? [])
      Object.assign(module.locals, locals);
    for (const { mode, type, address, bodies } of blocksOf(json)) {
      for (const arg of argumentsOf(
        mode === 'data' ? 'data' : 'resource',
        type,
      )) {
        const expression = dig(bodies, arg.path);
        if (expression === undefined) continue;
        module.names.push({
          file,
          address,
          argument: arg.path.join('.'),
          rule: arg.rule,
          labels: arg.labels,
          expression,
        });
      }
    }
  }
  return module;
}

/** Locals the shadow module can hold: those that refer to variables and such locals only. */
function resolvableLocals(locals: Record<string, unknown>): Set<string> {
  const ok = new Set(
    Object.keys(locals).filter(
      k => !UNRESOLVABLE.test(JSON.stringify(locals[k])),
    ),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (const k of [...ok]) {
      for (const m of JSON.stringify(locals[k]).matchAll(LOCAL_REF)) {
        if (!ok.has(m[1])) {
          ok.delete(k);
          changed = true;
          break;
        }
      }
    }
  }
  return ok;
}

function unresolvedReason(
  expression: unknown,
  locals: Set<string>,
): string | undefined {
  const text = JSON.stringify(expression);
  const m = UNRESOLVABLE.exec(text);
  if (m)
    return `refers to ${
      m[1] ?? 'another resource'
    }.* (known at plan time only)`;
  for (const l of text.matchAll(LOCAL_REF)) {
    if (!locals.has(l[1]))
      return `refers to local.${l[1]}, which refers to other resources`;
  }
  return undefined;
}

/**
 * Evaluates the name arguments of one Terraform module folder with the REAL terraform: a
 * provider-free shadow module (`.tf.json`: the module's variables with their defaults, its
 * locals, one local per name expression, its `*.tfvars` files as they are) and one
 * `terraform console` run (no init, no backend, no provider: it runs offline in ~0.1 s).
 */
export async function evaluateTerraformNames(
  tree: Tree,
  folder: TerraformFolder,
): Promise<{ names: EvaluatedName[]; error?: string }> {
  const { dir } = folder;
  const module = readModule(folder);
  if (module.names.length === 0) return { names: [] };
  const locals = resolvableLocals(module.locals);
  const names: EvaluatedName[] = module.names.map(n => {
    const reason = unresolvedReason(n.expression, locals);
    return reason ? { ...n, notEvaluated: reason } : { ...n };
  });
  const wanted = names.filter(n => !n.notEvaluated);
  if (wanted.length === 0) return { names };

  const shadowLocals: Record<string, unknown> = {};
  for (const l of locals) shadowLocals[l] = module.locals[l];
  wanted.forEach((n, i) => (shadowLocals[`mx_name_${i}`] = n.expression));
  const shadow = {
    variable: module.variables,
    locals: shadowLocals,
  };
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-name-limits-'));
  try {
    await fs.writeFile(path.join(tmp, 'main.tf.json'), JSON.stringify(shadow));
    const prefix = dir === '.' ? '' : `${dir}/`;
    for (const [file, content] of tree) {
      if (
        file.startsWith(prefix) &&
        !file.slice(prefix.length).includes('/') &&
        /\.tfvars(\.json)?$/.test(file)
      ) {
        await fs.writeFile(path.join(tmp, path.posix.basename(file)), content);
      }
    }
    const expr = `jsonencode({${wanted
      .map((_, i) => `k${i} = local.mx_name_${i}`)
      .join(', ')}})`;
    const r = await run('terraform', ['console', '-no-color'], {
      cwd: tmp,
      input: `${expr}\n`,
      env: { TF_IN_AUTOMATION: '1' },
    });
    if (r.code !== 0) {
      return {
        names,
        error: `terraform console could not evaluate the names of ${dir}/: ${(
          r.stderr || r.stdout
        )
          .trim()
          .split('\n')
          .filter(Boolean)
          .slice(0, 8)
          .join(' ')}`,
      };
    }
    const values = JSON.parse(JSON.parse(r.stdout.trim()));
    wanted.forEach((n, i) => (n.value = values[`k${i}`]));
    return { names };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
