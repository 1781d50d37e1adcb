import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The monorepo root: the nearest parent folder (of this package by default) whose package.json
 * declares workspaces.
 */
export function findRepoRoot(
  start: string = resolvePackagePath('@mx-backstage/template-check'),
): string {
  let dir = path.resolve(start);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces) return dir;
      } catch {
        // not a readable package.json: keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `No monorepo root (package.json with "workspaces") above ${start}`,
      );
    }
    dir = parent;
  }
}

/**
 * Where the shared validation schemas are: `MX_SCHEMA_DIR`, else `../shared/schemas` next to the
 * repository root. They are read at run time and never copied into the repository.
 */
export function resolveSchemaDir(repoRoot: string = findRepoRoot()): string {
  const dir = process.env.MX_SCHEMA_DIR
    ? path.resolve(process.env.MX_SCHEMA_DIR)
    : path.resolve(repoRoot, '..', 'shared', 'schemas');
  if (!fs.existsSync(path.join(dir, 'devspace-v6.json'))) {
    throw new Error(
      `Validation schemas not found in ${dir}. Set MX_SCHEMA_DIR to a folder holding devspace-v6.json, cloudbuild.json, backstage-catalog-info.json and crds/ (see docs/authoring-generators.md).`,
    );
  }
  return dir;
}
