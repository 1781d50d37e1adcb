// A platform team's generator in its own repository: pushes a template.yaml to a new repository
// on the local git host and registers its URL in the catalog, as docs/authoring-generators.md
// describes for any git host.
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { gitAs } from './git.mjs';

/**
 * @param {{ backend: { baseUrl: string, tmp: string, token: () => Promise<string> }, client: any, repo: string, template: object | string, files?: Record<string, string | Buffer> }} options
 *   `template`: the template.yaml (an object, or YAML text kept as written); `files`: more files
 *   of the repository by path (e.g. the template's `skeleton/`)
 * @returns {Promise<string>} the registered template.yaml URL
 */
export async function registerGeneratorRepository({
  backend,
  client,
  repo,
  template,
  files = {},
}) {
  const created = await client.post('/api/mx-git-host/repos', { name: repo });
  if (created.status !== 201)
    throw new Error(`creating ${repo}: ${created.status} ${created.text}`);
  const dir = path.join(backend.tmp, repo);
  await fs.mkdir(dir, { recursive: true });
  const git = gitAs(await backend.token(), {
    name: 'Platform',
    email: 'platform@example.test',
  });
  git(['init', '--quiet', '-b', 'main'], dir);
  await fs.writeFile(
    path.join(dir, 'template.yaml'),
    typeof template === 'string' ? template : YAML.stringify(template),
  );
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  git(['add', '--all'], dir);
  git(['commit', '--quiet', '-m', 'Generator'], dir);
  git(
    ['push', '--quiet', `${backend.baseUrl}/api/mx-git-host/repos/${repo}.git`, 'HEAD:refs/heads/main'],
    dir,
  );
  const target = `${backend.baseUrl}/api/mx-git-host/repos/${repo}/tree/main/template.yaml`;
  const registered = await client.post('/api/catalog/locations', {
    type: 'url',
    target,
  });
  if (registered.status !== 201)
    throw new Error(
      `registering ${target}: ${registered.status} ${registered.text}`,
    );
  return target;
}

/** A minimal MX generator template (a capability with no steps of its own). */
export function generatorTemplate({
  name,
  title,
  version,
  requires,
  changelog,
}) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      title,
      description: `${title}, added by a platform team`,
      labels: { 'mx.backstage.io/generator': name },
      annotations: {
        'mx.backstage.io/generator-version': version,
        ...(requires ? { 'mx.backstage.io/requires': requires } : {}),
        ...(changelog ? { 'mx.backstage.io/changelog': changelog } : {}),
      },
    },
    spec: {
      owner: 'group:default/platform',
      type: 'ml-project-capability',
      parameters: [],
      steps: [],
    },
  };
}
