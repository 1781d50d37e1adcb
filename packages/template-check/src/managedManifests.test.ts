import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { checkEntity } from './checks/entity';
import { findRepoRoot } from './lib/paths';
import { composedManifests, managedManifestProblems } from './managedManifests';
import {
  findTemplateDirs,
  loadTemplate,
  TemplateUnderCheck,
} from './templates';
import { replaceOnce } from './__testUtils__/goldens';

const templatesDir = path.join(findRepoRoot(), 'templates');
const dirOf = (name: string) => path.join(templatesDir, name);

/** A committed template with one defect put back into its template.yaml (see `replaceOnce`). */
async function templateWithDefect(
  name: string,
  search: string | RegExp,
  replacement: string,
): Promise<TemplateUnderCheck> {
  const t = await loadTemplate(dirOf(name));
  const text = await fs.readFile(path.join(t.dir, 'template.yaml'), 'utf8');
  const entity = YAML.parse(replaceOnce(text, search, replacement));
  return { ...t, entity, steps: entity.spec.steps };
}

describe('managedManifestProblems', () => {
  it('passes on every committed template', async () => {
    const dirs = await findTemplateDirs(templatesDir);
    expect(dirs.map(d => path.basename(d))).toHaveLength(11);
    const found: Record<string, string[]> = {};
    let composing = 0;
    for (const dir of dirs) {
      const t = await loadTemplate(dir);
      found[t.name] = managedManifestProblems(t);
      if (t.steps.some(s => s.action === 'mx:manifests:compose')) composing++;
    }
    expect(Object.values(found).flat()).toEqual([]);
    // the rule is not vacuous: most templates compose the manifests
    expect(composing).toBe(9);
  });

  it('fails a grow generator whose reconcile step leaves cloudbuild.yaml out, naming the template, file and fix', async () => {
    const t = await templateWithDefect(
      'debug-pod',
      '          - cloudbuild.yaml\n',
      '',
    );
    expect(managedManifestProblems(t)).toEqual([
      "debug-pod: cloudbuild.yaml is written by step compose (mx:manifests:compose) but is not managed by step reconcile (mx:files:reconcile), so it would be seeded: created once, never updated on re-runs or upgrades; add 'cloudbuild.yaml' to that step's managed list",
    ]);
  });

  it('reports the failure in the kit row of the template entity', async () => {
    const t = await templateWithDefect(
      'ml-project',
      '          - devspace.yaml\n',
      '',
    );
    const rows = await checkEntity(t, new Set(t.steps.map(s => s.action)));
    const row = rows.find(r => r.validator === 'composed manifests managed');
    expect(row).toMatchObject({ template: 'ml-project', status: 'fail' });
    expect(row?.message).toMatch(
      /^ml-project: devspace\.yaml is written by step compose .* add 'devspace\.yaml' to that step's managed list$/,
    );
  });

  it('fails a seeded glob that wins over the managed entries', async () => {
    const t = await templateWithDefect(
      'streamlit-app',
      '        seeded:\n',
      "        seeded:\n          - '*.yaml'\n",
    );
    const problems = managedManifestProblems(t);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe(
      "streamlit-app: devspace.yaml is written by step compose (mx:manifests:compose) but step reconcile (mx:files:reconcile) seeds it (seeded '*.yaml' wins over managed), so it would be created once and never updated on re-runs or upgrades; narrow or drop that seeded glob",
    );
  });

  it('fails when no later reconcile step reads the folder the manifests were written to', async () => {
    const t = await templateWithDefect(
      'sphinx-docs',
      /(action: mx:manifests:compose\n\s+input:\n\s+statePath: repo\n\s+targetPath:) rendered/,
      '$1 manifests',
    );
    expect(managedManifestProblems(t)).toEqual([
      "sphinx-docs: step compose (mx:manifests:compose) writes devspace.yaml, catalog-info.yaml, cloudbuild.yaml into 'manifests', but no later mx:files:reconcile step has sourcePath 'manifests': they would never reach the repository; add one with managed: [devspace.yaml, catalog-info.yaml, cloudbuild.yaml]",
    ]);
  });

  it('asks for cloudbuild.yaml only where compose can write it: not in a template that only creates a fresh project', async () => {
    const fresh = await templateWithDefect(
      'ml-project',
      /\n {4}- id: checkout\n[\s\S]*?targetPath: repo\n/,
      '\n',
    );
    expect(fresh.steps.some(s => s.action === 'mx:repo:checkout')).toBe(false);
    expect(composedManifests(fresh)).toEqual([
      'devspace.yaml',
      'catalog-info.yaml',
    ]);
    const withoutCloudbuild = {
      ...fresh,
      steps: YAML.parse(
        replaceOnce(YAML.stringify(fresh.steps), /\n\s+- cloudbuild\.yaml/, ''),
      ),
    };
    expect(managedManifestProblems(withoutCloudbuild)).toEqual([]);
    // the Cloud Build generator records itself in the state: its compose writes cloudbuild.yaml
    expect(
      composedManifests(await loadTemplate(dirOf('cloudbuild'))),
    ).toContain('cloudbuild.yaml');
  });
});
