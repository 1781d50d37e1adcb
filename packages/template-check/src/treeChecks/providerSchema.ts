import type { Tree } from '../lib/tree';
import { didYouMean } from '../lib/didYouMean';
import {
  GoogleProviderSchema,
  loadGoogleProviderSchema,
} from '../terraform/googleSchema';
import {
  blockBodies,
  blockSource,
  expressions,
  readTerraformModules,
  TerraformModule,
} from '../terraform/module';
import type { FileCheck } from '../validators';
import { checkBody } from './googleProvider/body';
import {
  address,
  checkReferences,
  Declared,
} from './googleProvider/references';
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
