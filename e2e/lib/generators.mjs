// A platform team's generator in its own repository: pushes a template.yaml to a new repository
// on the local git host and registers its URL in the catalog, as docs/authoring-generators.md
// describes for any git host.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';

/**
 * @param {{ backend: { baseUrl: string, tmp: string, token: () => Promise<string> }, client: any, repo: string, template: object }} options
 * @returns {Promise<string>} the registered template.yaml URL
 */
export async function registerGeneratorRepository({
  backend,
  client,
  repo,
  template,
}) {
  const created = await client.post('/api/mx-git-host/repos', { name: repo });
  if (created.status !== 201)
    throw new Error(`creating ${repo}: ${created.status} ${created.text}`);
  const dir = path.join(backend.tmp, repo);
  await fs.mkdir(dir, { recursive: true });
  const git = args => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git(['init', '--quiet', '-b', 'main']);
  await fs.writeFile(path.join(dir, 'template.yaml'), YAML.stringify(template));
  git(['add', 'template.yaml']);
  git([
    '-c',
    'user.name=Platform',
    '-c',
    'user.email=platform@example.test',
    'commit',
    '--quiet',
    '-m',
    'Generator',
  ]);
  const token = await backend.token();
  git([
    '-c',
    `http.extraHeader=Authorization: Bearer ${token}`,
    'push',
    '--quiet',
    `${backend.baseUrl}/api/mx-git-host/repos/${repo}.git`,
    'HEAD:refs/heads/main',
  ]);
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
