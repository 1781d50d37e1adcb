import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { projectStateSchema } from '../state/schema';
import {
  composeCatalogInfo,
  composeCloudbuild,
  composeDevspace,
  ComposeState,
  deriveNames,
  slugOf,
} from '.';

// Every committed golden tree of the templates: the manifests the Nunjucks skeletons and the
// cloudbuild action rendered before this module existed, beside the state they were rendered from.
const TEMPLATES = path.resolve(__dirname, '../../../../templates');
const goldenTrees = fs
  .readdirSync(TEMPLATES)
  .flatMap(t => {
    const dir = path.join(TEMPLATES, t, 'fixtures', '__golden__');
    return fs.existsSync(dir)
      ? fs.readdirSync(dir).map(f => path.join(dir, f))
      : [];
  })
  .filter(d => fs.existsSync(path.join(d, '.mx', 'state.yaml')));

const read = (dir: string, file: string) => {
  const p = path.join(dir, file);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
};
const stateOf = (dir: string) =>
  projectStateSchema.parse(yaml.parse(read(dir, '.mx/state.yaml')!));
const withoutComments = (text: string) => text.replace(/^(#.*\n)+/, '');
const label = (dir: string) => path.relative(TEMPLATES, dir);

const base: ComposeState = {
  project: {
    name: 'fraud-detection',
    client: 'Acme Bank & Partners (EU)',
    owner: 'group:default/fraud-ml',
    engineers: [],
    gcpProjectId: 'acme-fraud-42',
    region: 'europe-west4',
  },
};

describe('composition from the state', () => {
  it('finds the golden trees', () => {
    expect(goldenTrees.length).toBeGreaterThan(10);
  });

  it.each(goldenTrees.map(d => [label(d), d]))(
    '%s: devspace.yaml and catalog-info.yaml are what the template rendered',
    (_name, dir) => {
      const state = stateOf(dir);
      expect(composeDevspace(state)).toBe(read(dir, 'devspace.yaml'));
      expect(composeCatalogInfo(state)).toBe(read(dir, 'catalog-info.yaml'));
    },
  );

  it.each(goldenTrees.map(d => [label(d), d]))(
    '%s: cloudbuild.yaml has the steps the cloudbuild action wrote',
    (_name, dir) => {
      const composed = composeCloudbuild(stateOf(dir));
      const golden = read(dir, 'cloudbuild.yaml');
      // The header comment now names the three-way merge instead of the action.
      expect(composed && withoutComments(composed)).toBe(
        golden && withoutComments(golden),
      );
    },
  );

  it('adds the docs steps to cloudbuild.yaml once the docs generator is applied', () => {
    const applied = {
      version: '1.0.0',
      appliedAt: '2026-01-01T00:00:00.000Z',
      appliedBy: 'user:default/a',
    };
    const state: ComposeState = {
      ...base,
      generators: {
        cloudbuild: { ...applied, values: { steps: ['test'] } },
      },
    };
    const ids = (s: ComposeState) =>
      yaml.parse(composeCloudbuild(s)!).steps.map((x: any) => x.id);
    expect(ids(state)).toEqual(['mx-test']);
    expect(
      ids({
        ...state,
        generators: {
          ...state.generators,
          'sphinx-docs': { ...applied, values: {} },
        },
      }),
    ).toEqual(['mx-test', 'mx-docs-build', 'mx-docs-publish']);
    expect(composeCloudbuild(base)).toBeUndefined();
  });
});

describe('derived names', () => {
  it('transliterates non-ASCII client names', () => {
    expect(slugOf('Müller & Söhne GmbH')).toBe('muller-sohne-gmbh');
    expect(slugOf('Straße Çelik Crème Brûlée Łódź Ærø')).toBe(
      'strasse-celik-creme-brulee-lodz-aero',
    );
  });

  it('keeps the slugs of ASCII names as they were', () => {
    expect(slugOf('Acme Bank & Partners (EU)')).toBe('acme-bank-partners-eu');
    expect(slugOf('  --ACME--  ')).toBe('acme');
    expect(slugOf('日本')).toBe('');
  });

  it('cuts a slug at 63 characters without a trailing hyphen', () => {
    const slug = slugOf(`${'a'.repeat(62)} b`);
    expect(slug).toBe('a'.repeat(62));
    expect(slugOf('ü'.repeat(80))).toHaveLength(63);
  });

  it('derives short names and buckets from the project', () => {
    expect(
      deriveNames({
        name: 'very-long-project-name-x',
        client: 'Müller & Söhne GmbH',
        gcpProjectId: 'acme-fraud-42',
      }),
    ).toEqual({
      clientSlug: 'muller-sohne-gmbh',
      shortName: 'very-long-project-na',
      packageName: 'very_long_project_name_x',
      stateBucket: 'acme-fraud-42-tfstate',
      docsBucket: 'acme-fraud-42-very-long-project-na-docs',
      artifactsBucket: 'acme-fraud-42-very-long-project-na-artifacts',
    });
    // no trailing hyphen when the cut falls after one
    expect(
      deriveNames({ ...base.project, name: 'abcdefghijklmnopqrs-tuv' })
        .shortName,
    ).toBe('abcdefghijklmnopqrs');
  });

  it('labels the catalog component with the transliterated client', () => {
    const text = composeCatalogInfo({
      ...base,
      project: { ...base.project, client: 'Müller & Söhne GmbH' },
    });
    expect(yaml.parse(text).metadata.labels).toEqual({
      'mx.backstage.io/client': 'muller-sohne-gmbh',
    });
  });
});
