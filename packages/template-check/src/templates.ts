import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { DirectoryFile, readTree, treeToDirectoryContents } from './lib/tree';

/** Where the project tree a grow generator runs against comes from. */
export type SeedSpec =
  | string
  | {
      /** Render this template's fixture first and use its output (e.g. `ml-project`) */
      fromTemplate?: string;
      /** The fixture of `fromTemplate` (default `minimal`) */
      fixture?: string;
      /** A folder, relative to the fixture file */
      path?: string;
      /** Inline files laid over the rest: relative path → content */
      files?: Record<string, string>;
    };

/** `templates/<name>/fixtures/<fixture>.yaml` */
export interface Fixture {
  name: string;
  file: string;
  values: Record<string, unknown>;
  secrets?: Record<string, string>;
  directoryContents?: SeedSpec;
  /** The dry run must fail with a message containing this text */
  expectError?: string;
  /**
   * Entities the catalog holds during the dry run besides the seed's (e.g. the users an
   * EntityPicker of the fixture's values names, with their `spec.profile.email`).
   */
  catalog?: Entity[];
}

export interface TemplateStep {
  id?: string;
  name?: string;
  action: string;
  input?: Record<string, any>;
  if?: unknown;
}

export interface TemplateUnderCheck {
  name: string;
  dir: string;
  /** The raw template.yaml document */
  entity: any;
  parseError?: string;
  /** template.yaml and everything beside it except fixtures/, as the dry-run API takes them */
  files: DirectoryFile[];
  fixtures: Fixture[];
  fixtureErrors: Array<{ file: string; error: string }>;
  generatorId: string;
  generatorVersion?: string;
  requires: string[];
  steps: TemplateStep[];
}

export const ANNOTATION_GENERATOR_VERSION = 'mx.backstage.io/generator-version';
export const ANNOTATION_REQUIRES = 'mx.backstage.io/requires';
export const LABEL_GENERATOR = 'mx.backstage.io/generator';

function parseList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
}

/** Template folders: `dir` itself when it holds a template.yaml, else its child folders that do. */
export async function findTemplateDirs(dir: string): Promise<string[]> {
  const abs = path.resolve(dir);
  if (await exists(path.join(abs, 'template.yaml'))) return [abs];
  const entries = await fs.readdir(abs, { withFileTypes: true });
  const dirs: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const child = path.join(abs, e.name);
    if (await exists(path.join(child, 'template.yaml'))) dirs.push(child);
  }
  return dirs.sort();
}

async function exists(p: string): Promise<boolean> {
  return fs
    .stat(p)
    .then(() => true)
    .catch(() => false);
}

export async function loadTemplate(dir: string): Promise<TemplateUnderCheck> {
  const text = await fs.readFile(path.join(dir, 'template.yaml'), 'utf8');
  let entity: any;
  let parseError: string | undefined;
  try {
    entity = YAML.parse(text);
  } catch (e) {
    parseError = (e as Error).message;
  }
  const name = entity?.metadata?.name ?? path.basename(dir);
  const steps: TemplateStep[] = Array.isArray(entity?.spec?.steps)
    ? entity.spec.steps
    : [];
  const merge = steps.find(s => s.action === 'mx:state:merge');
  const annotations = entity?.metadata?.annotations ?? {};
  const requires = new Set(parseList(annotations[ANNOTATION_REQUIRES]));
  for (const r of parseList(merge?.input?.requires)) {
    if (!r.includes('${{')) requires.add(r);
  }

  const tree = await readTree(dir, {
    skip: rel => rel === 'fixtures' || rel.startsWith('fixtures/'),
  });

  const fixtures: Fixture[] = [];
  const fixtureErrors: TemplateUnderCheck['fixtureErrors'] = [];
  const fixturesDir = path.join(dir, 'fixtures');
  if (await exists(fixturesDir)) {
    for (const f of (await fs.readdir(fixturesDir)).sort()) {
      if (!/\.ya?ml$/.test(f)) continue;
      const file = path.join(fixturesDir, f);
      try {
        const doc = YAML.parse(await fs.readFile(file, 'utf8')) ?? {};
        if (typeof doc !== 'object' || Array.isArray(doc)) {
          throw new Error('a fixture is a YAML mapping');
        }
        const unknown = Object.keys(doc).filter(
          k =>
            ![
              'values',
              'secrets',
              'directoryContents',
              'expectError',
              'catalog',
              'description',
            ].includes(k),
        );
        if (unknown.length > 0) {
          throw new Error(
            `unknown key(s) ${unknown.join(
              ', ',
            )}; a fixture has values, secrets, directoryContents, expectError, catalog, description`,
          );
        }
        if (
          doc.catalog !== undefined &&
          (!Array.isArray(doc.catalog) ||
            doc.catalog.some(
              (e: any) =>
                !e || typeof e !== 'object' || !e.kind || !e.metadata?.name,
            ))
        ) {
          throw new Error(
            'catalog is a list of entities (apiVersion, kind, metadata.name, spec)',
          );
        }
        fixtures.push({
          name: f.replace(/\.ya?ml$/, ''),
          file,
          values: doc.values ?? {},
          secrets: doc.secrets,
          directoryContents: doc.directoryContents,
          expectError: doc.expectError,
          catalog: doc.catalog,
        });
      } catch (e) {
        fixtureErrors.push({ file, error: (e as Error).message });
      }
    }
  }

  return {
    name,
    dir,
    entity,
    parseError,
    files: treeToDirectoryContents(tree),
    fixtures,
    fixtureErrors,
    generatorId:
      entity?.metadata?.labels?.[LABEL_GENERATOR] ??
      merge?.input?.generatorId ??
      name,
    generatorVersion: annotations[ANNOTATION_GENERATOR_VERSION],
    requires: [...requires].sort(),
    steps,
  };
}

/** True for generators that grow an existing project (they check it out and merge its state). */
export function isGrowGenerator(t: TemplateUnderCheck): boolean {
  return (
    t.steps.some(s => s.action === 'mx:repo:checkout') &&
    t.steps.some(s => s.action === 'mx:state:merge')
  );
}
