import path from 'node:path';
import { KIT_CLOCK } from '../lib/clock';
import { readTree, Tree } from '../lib/tree';
import { renderTemplate } from '../render/renderTemplate';
import { ScaffolderUnderTest } from '../scaffolder/testScaffolder';
import { SeedSpec, TemplateUnderCheck } from '../templates';
import {
  extremeValues,
  maximalFixture,
  Seed,
  wizardParameters,
} from './wizardCases';

// Rendering the wizard-names cases (wizardNames.test.ts) through the scaffolder under test: the
// extreme ml-project, the seeds of grow generators rebuilt on it, and the refusals that count as
// accepted behaviour.

/**
 * What a task says when it refuses an input that passed the form because of another answer
 * (mx:state:merge's certificateHosts: the project name plus the base domain over 63 characters).
 * The refusal comes before anything is written or published.
 */
export const REFUSAL =
  /a Google-managed certificate \(GKE ManagedCertificate\) allows at most 63/;
/**
 * mx:gpu:locate refusing a GPU type no zone of the project's region offers (the form lists every
 * type; the project's region comes from its state). Also before anything is written.
 */
export const GPU_REFUSAL =
  /No zone of (\S+) offers (\S+), so its node pool could not be created/;

/** The scaffolder validating the answers against the form's whole schema (allOf, dependencies). */
export const FORM_REFUSAL = /^HTTP 400: instance /;

export type Rendered =
  | { tree: Tree; refused?: undefined }
  | { refused: string; by: 'form' | 'task' };

/** The renders of one test run (each extreme project and seed rendered once). */
export function createWizardRenders(
  scaffolder: ScaffolderUnderTest,
  templates: Map<string, TemplateUnderCheck>,
) {
  const counts = { dryRuns: 0 };

  async function tryRender(
    t: TemplateUnderCheck,
    values: Record<string, unknown>,
    seed: Tree | undefined,
  ): Promise<Rendered> {
    const fx = maximalFixture(t);
    counts.dryRuns++;
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
          (await acceptedLongest(from, which, await seedOf(from, which)))
            .tree)();
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

  return {
    counts,
    tryRender,
    render,
    acceptedLongest,
    project,
    seedOf,
    growValues,
  };
}
