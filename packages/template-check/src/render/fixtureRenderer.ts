import path from 'node:path';
import { KIT_CLOCK } from '../lib/clock';
import { exists } from '../lib/exists';
import { Tree, readTree } from '../lib/tree';
import { ScaffolderUnderTest } from '../scaffolder/testScaffolder';
import { Fixture, SeedSpec, TemplateUnderCheck } from '../templates';
import { RenderResult } from '../checks/types';
import { renderTemplate } from './renderTemplate';

/** Renders fixtures, resolving their seeds; each fixture's output is rendered once. */
export class FixtureRenderer {
  readonly #outputs = new Map<string, Promise<RenderResult>>();

  constructor(
    private readonly scaffolder: ScaffolderUnderTest,
    private readonly known: Map<string, TemplateUnderCheck>,
    private readonly templatesDir: string,
  ) {}

  render(
    t: TemplateUnderCheck,
    fx: Pick<Fixture, 'values' | 'secrets' | 'catalog'>,
    seed: Tree | undefined,
    clock: string,
  ): Promise<RenderResult> {
    return renderTemplate(this.scaffolder, t, fx, seed, clock);
  }

  /** The output of a template's fixture (what grow generators' fixtures seed from). */
  fixtureOutput(name: string, fixture: string): Promise<RenderResult> {
    const key = `${name}/${fixture}`;
    let p = this.#outputs.get(key);
    if (!p) {
      p = this.#renderFixture(name, fixture);
      this.#outputs.set(key, p);
    }
    return p;
  }

  async #renderFixture(name: string, fixture: string): Promise<RenderResult> {
    const t = this.known.get(name);
    if (!t) {
      return {
        tree: new Map(),
        error: `fromTemplate: no template named ${name} in ${this.templatesDir}`,
      };
    }
    const fx = t.fixtures.find(f => f.name === fixture);
    if (!fx) {
      return {
        tree: new Map(),
        error: `fromTemplate: ${name} has no fixture ${fixture}`,
      };
    }
    const seed = await this.resolveSeed(fx);
    if (seed.error) return { tree: new Map(), error: seed.error };
    return this.render(t, fx, seed.tree, KIT_CLOCK);
  }

  /** The project tree a fixture runs against (undefined: none, a new project). */
  async resolveSeed(fx: Fixture): Promise<{ tree?: Tree; error?: string }> {
    const spec: SeedSpec | undefined = fx.directoryContents;
    if (spec === undefined || spec === null) return {};
    const s = typeof spec === 'string' ? { path: spec } : spec;
    let tree: Tree = new Map();
    if (s.fromTemplate) {
      const seedFixture = s.fixture ?? 'minimal';
      const r = await this.fixtureOutput(s.fromTemplate, seedFixture);
      if (r.error) {
        return {
          error: `seed ${s.fromTemplate}/${seedFixture} failed: ${r.error}`,
        };
      }
      tree = new Map(r.tree);
    }
    if (s.path) {
      const dir = path.resolve(path.dirname(fx.file), s.path);
      if (!(await exists(dir))) {
        return { error: `directoryContents.path ${s.path}: no such folder` };
      }
      for (const [k, v] of await readTree(dir)) tree.set(k, v);
    }
    for (const [k, v] of Object.entries(s.files ?? {})) {
      tree.set(k, Buffer.from(String(v), 'utf8'));
    }
    return { tree };
  }
}
