import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { renderTemplate } from '../render/renderTemplate';
import { failures, runTreeCheck } from '../__testUtils__/goldens';
import { KIT_CLOCK } from '../lib/clock';
import { findRepoRoot } from '../lib/paths';
import { readTree, Tree } from '../lib/tree';
import {
  ScaffolderUnderTest,
  startScaffolderUnderTest,
  toolStandIns,
} from '../scaffolder/testScaffolder';
import {
  findTemplateDirs,
  loadTemplate,
  SeedSpec,
  TemplateUnderCheck,
} from '../templates';
import { nameLimits } from '../treeChecks/nameLimits';
import { gpuZones } from '@mx-backstage/plugin-mx-common';
import { extremeStrings, ParameterSchema, parameterExtremes } from './extremes';

/**
 * Property: every input the wizards accept renders names within every GCP and Kubernetes limit
 * (the nameLimits check finds nothing) and Python lines within the project's ruff line length.
 * The inputs are the extremes of each parameter's JSON schema (extremes.ts: longest, shortest,
 * digits, letters, hyphens, enum and integer bounds), rendered through the real scaffolder.
 * Each template runs once with every parameter at its longest ("base"), then once per other
 * extreme of each parameter. Grow generators run against the ml-project rendered with its
 * longest values (and their base also against its shortest).
 */
jest.setTimeout(900_000);

const repoRoot = findRepoRoot(__dirname);
let scaffolder: ScaffolderUnderTest;
let scratch: string;
const templates = new Map<string, TemplateUnderCheck>();
let dryRuns = 0;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-wizard-names-'));
  const standIns = await toolStandIns();
  scaffolder = await startScaffolderUnderTest({
    workingDirectory: scratch,
    tools: standIns.paths,
  });
  for (const dir of await findTemplateDirs(path.join(repoRoot, 'templates'))) {
    const t = await loadTemplate(dir);
    templates.set(t.name, t);
  }
});

afterAll(async () => {
  process.stdout.write(`wizard names: ${dryRuns} dry runs\n`);
  await scaffolder?.stop();
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

/** The wizard's free-form parameters: strings with a pattern or length, enums, integers. */
function wizardParameters(t: TemplateUnderCheck) {
  const pages = [t.entity.spec.parameters ?? []].flat();
  const out: Array<{
    key: string;
    schema: ParameterSchema;
    extremes: unknown[];
  }> = [];
  for (const page of pages) {
    for (const [key, schema] of Object.entries<any>(page.properties ?? {})) {
      if (schema['ui:field']) continue; // pickers (the project, owner) and secrets
      const extremes = parameterExtremes(schema);
      if (extremes.length > 0) out.push({ key, schema, extremes });
    }
  }
  return out;
}

function maximalFixture(t: TemplateUnderCheck) {
  const fx = t.fixtures.find(f => f.name === 'maximal');
  if (!fx) throw new Error(`${t.name} has no maximal fixture`);
  return fx;
}

type Seed = 'longest' | 'shortest';

function extremeValues(t: TemplateUnderCheck, which: Seed) {
  return Object.fromEntries(
    wizardParameters(t).map(p => [
      p.key,
      which === 'longest' ? p.extremes[0] : p.extremes[p.extremes.length - 1],
    ]),
  );
}

/**
 * What a task says when it refuses an input that passed the form because of another answer
 * (mx:state:merge's certificateHosts: the project name plus the base domain over 63 characters).
 * The refusal comes before anything is written or published.
 */
const REFUSAL =
  /a Google-managed certificate \(GKE ManagedCertificate\) allows at most 63/;
/**
 * mx:gpu:locate refusing a GPU type no zone of the project's region offers (the form lists every
 * type; the project's region comes from its state). Also before anything is written.
 */
const GPU_REFUSAL =
  /No zone of (\S+) offers (\S+), so its node pool could not be created/;

/** The scaffolder validating the answers against the form's whole schema (allOf, dependencies). */
const FORM_REFUSAL = /^HTTP 400: instance /;

type Rendered =
  | { tree: Tree; refused?: undefined }
  | { refused: string; by: 'form' | 'task' };

async function tryRender(
  t: TemplateUnderCheck,
  values: Record<string, unknown>,
  seed: Tree | undefined,
): Promise<Rendered> {
  const fx = maximalFixture(t);
  dryRuns++;
  const r = await renderTemplate(
    scaffolder,
    t,
    // the fixture's catalog: the engineers' users the form's picker offers
    { values, secrets: fx.secrets, catalog: fx.catalog },
    seed,
    KIT_CLOCK,
  );
  if (r.error && (REFUSAL.test(r.error) || GPU_REFUSAL.test(r.error))) {
    return { refused: r.error, by: 'task' };
  }
  if (r.error && FORM_REFUSAL.test(r.error))
    return { refused: r.error, by: 'form' };
  if (r.error) {
    throw new Error(
      `${t.name} with ${JSON.stringify(values)} failed to render: ${r.error}`,
    );
  }
  return { tree: r.tree };
}

async function render(
  t: TemplateUnderCheck,
  values: Record<string, unknown>,
  seed: Tree | undefined,
): Promise<Tree> {
  const r = await tryRender(t, values, seed);
  if (r.refused !== undefined) {
    throw new Error(
      `${t.name} refused ${JSON.stringify(values)}: ${r.refused}`,
    );
  }
  return r.tree;
}

/**
 * The longest values the wizard and the task accept: every parameter at its longest and, while
 * the task refuses them, one more parameter (in form order) at its shortest (kept unless the form
 * then refuses the combination).
 */
async function acceptedLongest(
  t: TemplateUnderCheck,
  which: Seed,
  seed: Tree | undefined,
): Promise<{ values: Record<string, unknown>; tree: Tree }> {
  const values = extremeValues(t, 'longest');
  let r = await tryRender(t, await growValues(t, which, values), seed);
  for (const p of wizardParameters(t)) {
    if (r.refused === undefined) break;
    const before = values[p.key];
    values[p.key] = p.extremes[p.extremes.length - 1];
    const next = await tryRender(t, await growValues(t, which, values), seed);
    if (next.refused !== undefined && next.by === 'form')
      values[p.key] = before;
    else r = next;
  }
  if (r.refused !== undefined) {
    throw new Error(`${t.name}: every input refused: ${r.refused}`);
  }
  return { values, tree: r.tree };
}

const projects = new Map<Seed, Promise<{ name: string; tree: Tree }>>();
/** ml-project rendered with every parameter at its longest (or shortest) extreme. */
function project(which: Seed) {
  let p = projects.get(which);
  if (!p) {
    p = (async () => {
      const t = templates.get('ml-project')!;
      const values = {
        ...maximalFixture(t).values,
        ...extremeValues(t, which),
      };
      return {
        name: String(values.name),
        tree: await render(t, values, undefined),
      };
    })();
    projects.set(which, p);
  }
  return p;
}

const rendered = new Map<string, Promise<Tree>>();
/** The seed of a grow generator's maximal fixture, rebuilt on the extreme project. */
async function seedOf(t: TemplateUnderCheck, which: Seed): Promise<Tree> {
  const fx = maximalFixture(t);
  const spec: SeedSpec | undefined = fx.directoryContents;
  const s = typeof spec === 'string' ? { path: spec } : spec ?? {};
  let tree: Tree = new Map();
  if (s.fromTemplate === 'ml-project') {
    tree = new Map((await project(which)).tree);
  } else if (s.fromTemplate) {
    const from = templates.get(s.fromTemplate)!;
    const key = `${from.name}/${which}`;
    let p = rendered.get(key);
    if (!p) {
      p = (async () =>
        (await acceptedLongest(from, which, await seedOf(from, which))).tree)();
      rendered.set(key, p);
    }
    tree = new Map(await p);
  }
  if (s.path) {
    for (const [k, v] of await readTree(
      path.resolve(path.dirname(fx.file), s.path),
    )) {
      tree.set(k, v);
    }
  }
  for (const [k, v] of Object.entries(s.files ?? {})) {
    tree.set(k, Buffer.from(String(v), 'utf8'));
  }
  return tree;
}

async function growValues(
  t: TemplateUnderCheck,
  which: Seed,
  overrides: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { name } = await project(which);
  return {
    ...maximalFixture(t).values,
    ...overrides,
    project: `component:default/${name}`,
  };
}

/** Python lines over the rendered project's ruff line-length (pyproject.toml [tool.ruff]). */
function longPythonLines(tree: Tree): string[] {
  const pyproject = tree.get('pyproject.toml');
  const limit = pyproject
    ? Number(
        (parseToml(pyproject.toString('utf8')) as any).tool?.ruff?.[
          'line-length'
        ] ?? 88,
      )
    : 88;
  const out: string[] = [];
  for (const [file, content] of tree) {
    if (!file.endsWith('.py') || file.startsWith('.mx/')) continue;
    content
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.length > limit) {
          out.push(
            `${file}:${i + 1}: ${
              line.length
            } characters, over ruff's line-length ${limit}: ${line}`,
          );
        }
      });
  }
  return out;
}

async function findings(tree: Tree, label: string): Promise<string[]> {
  const rows = await runTreeCheck(nameLimits, tree, label);
  return [
    ...failures(rows).map(r => `${label}: ${r.file}: ${r.message}`),
    ...longPythonLines(tree).map(l => `${label}: ${l}`),
  ];
}

/** Every case of a template: all longest, then each other extreme of each parameter. */
function cases(
  t: TemplateUnderCheck,
  base: Record<string, unknown> = extremeValues(t, 'longest'),
) {
  const out: Array<{ label: string; values: Record<string, unknown> }> = [
    {
      label: 'every parameter at its longest (that the task accepts)',
      values: base,
    },
  ];
  for (const p of wizardParameters(t)) {
    for (const v of p.extremes.slice(1)) {
      out.push({
        label: `${p.key}=${JSON.stringify(v)}`,
        values: { ...base, [p.key]: v },
      });
    }
  }
  return out;
}

const GROW = [
  'apply-infrastructure',
  'cloudbuild',
  'cvat-labeling',
  'debug-pod',
  'deploy',
  'deployment-infrastructure',
  'distributed-training',
  'seldon-serving',
  'sphinx-docs',
  'streamlit-app',
];

describe('every input the wizards accept renders names within their limits', () => {
  it('generates the extremes from the schemas: the project name reaches its maxLength', () => {
    const t = templates.get('ml-project')!;
    const name = wizardParameters(t).find(p => p.key === 'name')!;
    expect(String(name.extremes[0])).toHaveLength(name.schema.maxLength!);
  });

  it('ml-project', async () => {
    const t = templates.get('ml-project')!;
    const fixture = maximalFixture(t).values;
    const problems: string[] = [];
    const all = cases(t);
    for (const c of all) {
      const tree = await render(t, { ...fixture, ...c.values }, undefined);
      problems.push(...(await findings(tree, `ml-project ${c.label}`)));
    }
    expect(all.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it.each(GROW)('%s', async name => {
    const t = templates.get(name)!;
    const problems: string[] = [];
    const refused: string[] = [];
    const longestSeed = await seedOf(t, 'longest');
    const base = await acceptedLongest(t, 'longest', longestSeed);
    const { name: projectName } = await project('longest');
    const all = cases(t, base.values);
    const domainParam = wizardParameters(t).find(p => p.key === 'baseDomain');
    if (domainParam) {
      // The boundary: the longest base domains whose certificate hosts have exactly 63 characters
      const room = 63 - `labeling.${projectName}.`.length;
      for (const v of extremeStrings({
        ...domainParam.schema,
        maxLength: room,
      })) {
        all.push({
          label: `baseDomain=${JSON.stringify(v)} (at the certificate limit)`,
          values: { ...base.values, baseDomain: v },
        });
      }
      if (!all.some(c => String(c.values.baseDomain).length === room)) {
        problems.push(
          `no generated base domain of ${room} characters (the limit)`,
        );
      }
    }
    for (const c of all) {
      const values = await growValues(t, 'longest', c.values);
      const r = await tryRender(t, values, longestSeed);
      if (r.refused !== undefined && r.by === 'form') continue; // not an accepted input
      if (r.refused !== undefined) {
        refused.push(c.label);
        const gpu = GPU_REFUSAL.exec(r.refused);
        if (gpu) {
          // Refused only for the answer's GPU type, when the table has no zone of it in the region
          if (
            gpu[2] !== values.gpuType ||
            gpuZones(gpu[1], gpu[2]).length > 0
          ) {
            problems.push(
              `${name} ${c.label}: refused although ${gpu[2]} is offered: ${r.refused}`,
            );
          }
          continue;
        }
        // Refused only when a certificate host really is over 63 characters
        const host = `labeling.${projectName}.${String(
          values.baseDomain ?? '',
        )}`;
        if (host.length <= 63) {
          problems.push(
            `${name} ${c.label}: refused although ${host} fits: ${r.refused}`,
          );
        }
        continue;
      }
      problems.push(...(await findings(r.tree, `${name} ${c.label}`)));
    }
    const shortestSeed = await seedOf(t, 'shortest');
    const shortest = await acceptedLongest(t, 'shortest', shortestSeed);
    problems.push(
      ...(await findings(shortest.tree, `${name} on the shortest project`)),
    );
    expect(problems).toEqual([]);
    if (refused.length > 0) {
      process.stdout.write(
        `${name}: refused by the task (certificate hosts over 63 characters, GPU types not offered in the region): ${refused.join(
          '; ',
        )}\n`,
      );
    }
  });
});
