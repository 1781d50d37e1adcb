// A new version of the ml-project generator, as a platform team would release it, for the upgrade
// tests: ml-project 1.1.0 turns on versioning for the artifacts bucket.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './backend.mjs';

export const STORAGE = 'infrastructure/terraform/storage.tf';
// What ml-project 1.1.0 changes: the artifacts bucket gets versioning, like the data bucket.
export const ARTIFACTS_END = `  name                        = "\${var.project_id}-\${local.short_name}-artifacts"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

`;
export const VERSIONING = '  versioning {\n    enabled = true\n  }\n\n';
// The conflicting user added a lifecycle rule at that very place.
export const LIFECYCLE = '  lifecycle_rule {\n    condition {\n      age = 90\n    }\n    action {\n      type = "Delete"\n    }\n  }\n\n';

/** Every file below `dir` by relative path. */
async function filesBelow(dir) {
  const out = {};
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath ?? entry.path, entry.name);
    out[path.relative(dir, abs)] = await fs.readFile(abs);
  }
  return out;
}

/**
 * ml-project 1.1.0: the shipped template with a new version, changelog entry and storage.tf.
 * Its skeleton is read from `skeletonUrl`: fetch:template resolves a relative `./skeleton` only
 * on hosts with an SCM integration (integrations.*), which the local git host is not.
 */
export async function mlProjectNextVersion(skeletonUrl) {
  const dir = path.join(repoRoot, 'templates/ml-project');
  let template = await fs.readFile(path.join(dir, 'template.yaml'), 'utf8');
  const replace = (from, to) => {
    assert.ok(template.includes(from), `template.yaml has ${from}`);
    template = template.split(from).join(to);
  };
  replace('  name: ml-project\n', '  name: ml-project-next\n');
  replace('mx.backstage.io/generator-version: 1.0.0', 'mx.backstage.io/generator-version: 1.1.0');
  replace('generatorVersion: 1.0.0', 'generatorVersion: 1.1.0');
  replace('        url: ./skeleton\n', `        url: ${skeletonUrl}\n`);
  replace(
    '    mx.backstage.io/changelog: |\n',
    '    mx.backstage.io/changelog: |\n      1.1.0: Versioning on the artifacts bucket: a deleted MLflow artifact can be restored.\n',
  );
  const skeleton = await filesBelow(path.join(dir, 'skeleton'));
  const storage = skeleton[STORAGE].toString('utf8');
  assert.ok(storage.includes(ARTIFACTS_END), 'the artifacts bucket as shipped');
  skeleton[STORAGE] = storage.replace(ARTIFACTS_END, ARTIFACTS_END + VERSIONING);
  return {
    template,
    files: Object.fromEntries(Object.entries(skeleton).map(([p, c]) => [`skeleton/${p}`, c])),
  };
}

