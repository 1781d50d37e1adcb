import { Entity } from '@backstage/catalog-model';
import Ajv from 'ajv';
import YAML from 'yaml';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KIT_CLOCK, KIT_CLOCK_RERUN } from './lib/clock';
import { run } from './lib/exec';
import { findRepoRoot, resolveSchemaDir } from './lib/paths';
import {
  Tree,
  diffTrees,
  directoryContentsToTree,
  isEmptyDiff,
  readTree,
  treeToDirectoryContents,
  writeTree,
} from './lib/tree';
import {
  KIT_USER_REF,
  ScaffolderUnderTest,
  startScaffolderUnderTest,
  toolStandIns,
} from './scaffolder/testScaffolder';
import {
  Fixture,
  SeedSpec,
  TemplateStep,
  TemplateUnderCheck,
  findTemplateDirs,
  isGrowGenerator,
  loadTemplate,
} from './templates';
import { validateCatalogEntity } from './validators/entities';
import { CheckStatus, checkTree } from './validators';
import { SchemaStore } from './validators/schemas';
import { answersConventionProblems } from './answersConventions';

/** One row of the kit's table. */
export interface ReportRow {
  template: string;
  fixture: string;
  file: string;
  validator: string;
  status: CheckStatus;
  message?: string;
  /** A unified diff (golden mismatch, composition, idempotence) */
  diff?: string;
}

export interface CheckOptions {
  /** Template folders, or folders of templates (default: `<repo>/templates`) */
  targets?: string[];
  /** Where `fromTemplate` seeds are looked up (default: `<repo>/templates`) */
  templatesDir?: string;
  /** Write the goldens instead of comparing them */
  update?: boolean;
  /**
   * Run the composition check. Default: when checking the whole templates folder, or when a
   * target is a grow generator.
   */
  compose?: boolean;
  schemaDir?: string;
  /** Progress lines */
  log?: (line: string) => void;
}

export interface CheckReport {
  rows: ReportRow[];
  failures: ReportRow[];
  durationMs: number;
}

const SEED_DIR = '.mx-check-seed';
const SEMVER = /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

export function isFailure(row: ReportRow): boolean {
  return row.status === 'fail' || row.status === 'no validator';
}

interface RenderResult {
  tree: Tree;
  error?: string;
}

/** Renders fixtures, resolving their seeds; each fixture's output is rendered once. */
class FixtureRenderer {
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

/** Runs the whole kit: entity checks, dry runs, file validation, goldens and composition. */
export async function runTemplateCheck(
  options: CheckOptions = {},
): Promise<CheckReport> {
  const started = Date.now();
  const logLine = options.log ?? (() => {});
  const log = (line: string) =>
    logLine(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  const repoRoot = findRepoRoot();
  const templatesDir = options.templatesDir ?? path.join(repoRoot, 'templates');
  const schemas = new SchemaStore(
    options.schemaDir ?? resolveSchemaDir(repoRoot),
  );
  const rows: ReportRow[] = [];
  const scratch = await fs.mkdtemp(
    path.join(os.tmpdir(), 'mx-template-check-'),
  );
  let workCounter = 0;
  const workDir = () => path.join(scratch, `tree-${++workCounter}`);

  log(
    'Starting a backend on 127.0.0.1 (scaffolder with the GitHub and mx actions, in-memory catalog)',
  );
  await fs.mkdir(path.join(scratch, 'scaffolder'), { recursive: true });
  const standIns = await toolStandIns();
  for (const reason of standIns.reasons) log(`Tool ${reason}`);
  const scaffolder = await startScaffolderUnderTest({
    workingDirectory: path.join(scratch, 'scaffolder'),
    tools: standIns.paths,
  });
  try {
    const actions = new Set(await scaffolder.listActions());

    const known = new Map<string, TemplateUnderCheck>();
    if (await exists(templatesDir)) {
      for (const dir of await findTemplateDirs(templatesDir)) {
        const t = await loadTemplate(dir);
        known.set(t.name, t);
      }
    }
    const targets: TemplateUnderCheck[] = [];
    for (const target of options.targets ?? [templatesDir]) {
      for (const dir of await findTemplateDirs(target)) {
        const t =
          [...known.values()].find(k => k.dir === dir) ??
          (await loadTemplate(dir));
        known.set(t.name, known.get(t.name) ?? t);
        targets.push(t);
      }
    }
    if (targets.length === 0) {
      rows.push({
        template: '-',
        fixture: '-',
        file: '-',
        validator: 'templates',
        status: 'fail',
        message: `no template.yaml in ${(
          options.targets ?? [templatesDir]
        ).join(', ')}`,
      });
    }

    const renderer = new FixtureRenderer(scaffolder, known, templatesDir);
    const render = renderer.render.bind(renderer);
    const fixtureOutput = renderer.fixtureOutput.bind(renderer);
    const resolveSeed = renderer.resolveSeed.bind(renderer);
    for (const t of targets) {
      log(
        `Checking template ${t.name} (${
          path.relative(repoRoot, t.dir) || t.dir
        })`,
      );
      rows.push(...(await checkEntity(t, actions)));
      if (t.parseError || !t.entity) continue;
      if (t.fixtures.length === 0) {
        rows.push({
          template: t.name,
          fixture: '-',
          file: 'fixtures/',
          validator: 'fixtures',
          status: 'fail',
          message:
            'no fixtures: add fixtures/minimal.yaml and fixtures/maximal.yaml',
        });
      }
      for (const fe of t.fixtureErrors) {
        rows.push({
          template: t.name,
          fixture: path.basename(fe.file),
          file: path.relative(t.dir, fe.file),
          validator: 'fixture',
          status: 'fail',
          message: fe.error,
        });
      }
      rows.push(...(await orphanGoldens(t, !!options.update)));
      for (const fx of t.fixtures) {
        const base = { template: t.name, fixture: fx.name };
        log(`  fixture ${fx.name}: dry run`);
        const seed = await resolveSeed(fx);
        const result: RenderResult = seed.error
          ? { tree: new Map(), error: seed.error }
          : await (fx.directoryContents === undefined
              ? fixtureOutput(t.name, fx.name)
              : render(t, fx, seed.tree, KIT_CLOCK));
        if (fx.expectError !== undefined) {
          const ok = !!result.error && result.error.includes(fx.expectError);
          rows.push({
            ...base,
            file: '-',
            validator: 'dry-run (expect error)',
            status: ok ? 'pass' : 'fail',
            message: expectErrorMessage(ok, fx.expectError, result.error),
          });
          continue;
        }
        if (result.error) {
          rows.push({
            ...base,
            file: '-',
            validator: 'dry-run',
            status: 'fail',
            message: result.error,
          });
          continue;
        }
        rows.push({
          ...base,
          file: '-',
          validator: 'dry-run',
          status: 'pass',
          message: `${result.tree.size} files`,
        });
        log(`  fixture ${fx.name}: checking ${result.tree.size} files`);
        for (const r of await checkTree(result.tree, {
          schemas,
          workDir: workDir(),
          label: `${t.name}/${fx.name}`,
        })) {
          rows.push({ ...base, ...r });
        }
        rows.push(await checkGolden(t, fx.name, result.tree, !!options.update));

        // The same answers again, on the project as it now is, at a later time: nothing changes
        const again = await render(t, fx, result.tree, KIT_CLOCK_RERUN);
        const d = again.error
          ? undefined
          : diffTrees(result.tree, again.tree, {
              before: 'first-run',
              after: 're-run',
            });
        rows.push({
          ...base,
          file: '(tree)',
          validator: 'idempotent (re-run, empty diff)',
          status: d && isEmptyDiff(d) ? 'pass' : 'fail',
          message: rerunMessage(again.error, d),
          diff: d && !isEmptyDiff(d) ? d.patch : undefined,
        });
      }
    }

    const compose =
      options.compose ??
      (!options.targets || targets.some(t => isGrowGenerator(t)));
    if (compose) {
      rows.push(
        ...(await checkComposition({
          known,
          targets,
          render,
          fixtureOutput,
          resolveSeed,
          check: async (tree, label) =>
            (
              await checkTree(tree, {
                schemas,
                workDir: workDir(),
                label: `composition/${label}`,
              })
            ).map(r => ({
              template: 'composition',
              fixture: label,
              ...r,
            })),
          log,
        })),
      );
    }
  } finally {
    await scaffolder.stop().catch(() => undefined);
    await fs.rm(scratch, { recursive: true, force: true });
  }
  return {
    rows,
    failures: rows.filter(isFailure),
    durationMs: Date.now() - started,
  };
}

function expectErrorMessage(
  ok: boolean,
  expected: string,
  error: string | undefined,
): string | undefined {
  if (ok) return undefined;
  const want = `expected an error containing ${JSON.stringify(expected)}`;
  return error
    ? `${want}, got: ${error}`
    : `${want}, but the dry run succeeded`;
}

function rerunMessage(
  error: string | undefined,
  d: ReturnType<typeof diffTrees> | undefined,
): string | undefined {
  if (error) return `the re-run failed: ${error}`;
  if (d && !isEmptyDiff(d)) {
    return `a second run with the same answers changed: ${[
      ...d.added,
      ...d.removed,
      ...d.changed,
    ].join(', ')}`;
  }
  return undefined;
}

async function exists(p: string): Promise<boolean> {
  return fs
    .stat(p)
    .then(() => true)
    .catch(() => false);
}

/** The template entity, its parameter schemas, its actions and the MX conventions. */
async function checkEntity(
  t: TemplateUnderCheck,
  actions: Set<string>,
): Promise<ReportRow[]> {
  const row = (
    validator: string,
    errors: string[],
    status?: CheckStatus,
  ): ReportRow => ({
    template: t.name,
    fixture: '-',
    file: 'template.yaml',
    validator,
    status: status ?? (errors.length ? 'fail' : 'pass'),
    message: errors.length ? errors.join(' | ') : undefined,
  });
  if (t.parseError || !t.entity) {
    return [row('yaml', [t.parseError ?? 'empty template.yaml'])];
  }
  const rows: ReportRow[] = [];
  const entityError = await validateCatalogEntity(t.entity);
  rows.push(
    row(
      'catalog-model + TemplateEntityV1beta3',
      entityError ? [entityError] : [],
    ),
  );

  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const paramErrors: string[] = [];
  const pages = t.entity.spec?.parameters;
  const pageList: any[] = Array.isArray(pages)
    ? pages
    : [pages].filter(Boolean);
  for (const [i, page] of pageList.entries()) {
    try {
      ajv.compile(page);
      for (const req of page.required ?? []) {
        if (!page.properties?.[req]) {
          paramErrors.push(`page ${i + 1}: required ${req} is not a property`);
        }
      }
    } catch (e) {
      paramErrors.push(
        `page ${i + 1} (${page?.title ?? ''}): ${(e as Error).message}`,
      );
    }
  }
  rows.push(row('parameters (ajv compile)', paramErrors));

  const missing = t.steps
    .filter(s => !actions.has(s.action))
    .map(s => `step ${s.id ?? '?'}: no action ${s.action} in the scaffolder`);
  const badIds = t.steps
    .filter(s => s.id && !/^[A-Za-z][A-Za-z0-9_]*$/.test(s.id))
    .map(
      s =>
        `step id ${s.id}: use camelCase (dashes break \${{ steps.x }} expressions)`,
    );
  rows.push(row('steps: actions registered', [...missing, ...badIds]));

  const conv: string[] = [];
  if (!t.generatorVersion || !SEMVER.test(String(t.generatorVersion))) {
    conv.push(
      `metadata.annotations['mx.backstage.io/generator-version'] must be a semantic version (found ${JSON.stringify(
        t.generatorVersion,
      )})`,
    );
  }
  const merge = t.steps.find(
    (s: TemplateStep) => s.action === 'mx:state:merge',
  );
  if (merge) {
    const v = merge.input?.generatorVersion;
    if (
      t.generatorVersion &&
      v !== undefined &&
      String(v) !== String(t.generatorVersion)
    ) {
      conv.push(
        `mx:state:merge generatorVersion ${v} differs from the generator-version annotation ${t.generatorVersion}`,
      );
    }
    if (merge.input?.generatorId && merge.input.generatorId !== t.generatorId) {
      conv.push(
        `mx:state:merge generatorId ${merge.input.generatorId} differs from the mx.backstage.io/generator label ${t.generatorId}`,
      );
    }
  }
  conv.push(...answersConventionProblems(t));
  if (
    t.fixtures.length > 0 &&
    t.fixtures.filter(f => f.expectError === undefined).length < 2
  ) {
    conv.push('at least two rendering fixtures (a minimal and a maximal case)');
  }
  rows.push(row('MX conventions', conv));
  return rows;
}

/**
 * Dry-runs a template. With a seed (the project a grow generator runs against), the kit adds a
 * `fetch:plain` step that lays the seed where the template's `mx:repo:checkout` puts the
 * repository (its `targetPath`, default `repo`), right before that step; a template without a
 * checkout step gets the seed in the workspace root. The result is the project tree: the
 * checkout folder for grow generators, the workspace otherwise.
 */
export async function renderTemplate(
  scaffolder: ScaffolderUnderTest,
  t: TemplateUnderCheck,
  fx: Pick<Fixture, 'values' | 'secrets' | 'catalog'>,
  seed: Tree | undefined,
  clock: string,
): Promise<RenderResult> {
  const template = JSON.parse(JSON.stringify(t.entity));
  const steps: TemplateStep[] = template.spec.steps ?? [];
  const checkoutIndex = steps.findIndex(s => s.action === 'mx:repo:checkout');
  const projectRoot = projectRootOf(steps);
  const files = [...t.files];
  if (seed && seed.size > 0) {
    steps.splice(Math.max(checkoutIndex, 0), 0, {
      id: 'mxTemplateCheckSeed',
      name: 'Lay out the existing project (template check kit)',
      action: 'fetch:plain',
      input: { url: `./${SEED_DIR}`, targetPath: projectRoot },
    });
    files.push(...treeToDirectoryContents(seed, SEED_DIR));
  }
  template.spec.steps = steps;
  scaffolder.setCatalogEntities([
    ...catalogEntitiesOf(seed ?? new Map()),
    ...(fx.catalog ?? []),
  ]);
  const res = await scaffolder.dryRun({
    template,
    values: fx.values,
    secrets: fx.secrets,
    directoryContents: files,
    at: clock,
  });
  if (res.error) {
    return { tree: new Map(), error: res.error };
  }
  return { tree: directoryContentsToTree(res.directoryContents, projectRoot) };
}

/**
 * Where the kit pretends seed projects are published: the embedded default's local git host.
 * Only a string (nothing listens there): a dry run never clones, and a fixed URL keeps the
 * goldens stable.
 */
export const KIT_GIT_HOST = 'http://localhost:7007/api/mx-git-host';

/**
 * The entities of a project tree's catalog-info.yaml as the catalog would hold them once the
 * ml-project template registered them: with the location annotations `catalog:register` adds.
 */
export function catalogEntitiesOf(tree: Tree): Entity[] {
  const file = tree.get('catalog-info.yaml');
  let entities: Entity[] = [];
  if (file) {
    try {
      entities = YAML.parseAllDocuments(file.toString('utf8'))
        .map(d => d.toJS())
        .filter(e => e && typeof e === 'object' && e.kind && e.metadata?.name)
        .map(e => {
          const contents = `${KIT_GIT_HOST}/repos/${e.metadata.name}/tree/main`;
          const location = `url:${contents}/catalog-info.yaml`;
          return {
            ...e,
            metadata: {
              namespace: 'default',
              ...e.metadata,
              annotations: {
                'backstage.io/managed-by-location': location,
                'backstage.io/managed-by-origin-location': location,
                'backstage.io/source-location': `url:${contents}/`,
                ...e.metadata.annotations,
              },
            },
          };
        });
    } catch {
      entities = [];
    }
  }
  // The kit's user is a member of every owner group, as an engineer of the project would be
  // (day-2 actions are allowed to the project's owners only).
  const owners = [
    ...new Set(
      entities
        .map(e => (e.spec as { owner?: unknown } | undefined)?.owner)
        .filter((o): o is string => typeof o === 'string'),
    ),
  ].map(o => (o.includes(':') ? o : `group:${o}`));
  const [, userNamespace, userName] = /^user:([^/]+)\/(.+)$/.exec(
    KIT_USER_REF,
  )!;
  return [
    ...entities,
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: userName, namespace: userNamespace },
      spec: { memberOf: owners },
    },
    ...owners.map(ref => {
      const [, ns, name] = /^group:(?:([^/]+)\/)?(.+)$/.exec(ref) ?? [];
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: name ?? ref, namespace: ns ?? 'default' },
        spec: { type: 'team', children: [] },
      };
    }),
  ];
}

/**
 * Where a template's project tree is in the workspace: where its `mx:state:merge` writes
 * `.mx/state.yaml` (the project root by definition), else where `mx:repo:checkout` clones
 * (default `repo`), else the workspace itself.
 */
export function projectRootOf(steps: TemplateStep[]): string {
  const merge = steps.find(s => s.action === 'mx:state:merge');
  if (merge?.input?.targetPath) return String(merge.input.targetPath);
  const checkout = steps.find(s => s.action === 'mx:repo:checkout');
  if (checkout) return String(checkout.input?.targetPath ?? 'repo');
  return '.';
}

/** Files of a golden tree that git would not commit (empty when git is not available). */
async function gitIgnored(dir: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const r = await run('git', ['check-ignore', '--stdin'], {
    cwd: dir,
    input: `${files.join('\n')}\n`,
  });
  // exit 0: some ignored, 1: none, anything else: not a repository / no git
  if (r.code !== 0) return [];
  return r.stdout.split('\n').filter(Boolean);
}

/** Golden folders whose fixture no longer exists (removed by --update). */
async function orphanGoldens(
  t: TemplateUnderCheck,
  update: boolean,
): Promise<ReportRow[]> {
  const root = path.join(t.dir, 'fixtures', '__golden__');
  if (!(await exists(root))) return [];
  const names = new Set(
    t.fixtures.filter(f => f.expectError === undefined).map(f => f.name),
  );
  const rows: ReportRow[] = [];
  for (const e of await fs.readdir(root, { withFileTypes: true })) {
    if (!e.isDirectory() || names.has(e.name)) continue;
    const file = `fixtures/__golden__/${e.name}/`;
    if (update) {
      await fs.rm(path.join(root, e.name), { recursive: true, force: true });
      rows.push({
        template: t.name,
        fixture: e.name,
        file,
        validator: 'golden',
        status: 'pass',
        message: 'removed: no such rendering fixture',
      });
    } else {
      rows.push({
        template: t.name,
        fixture: e.name,
        file,
        validator: 'golden',
        status: 'fail',
        message: 'a golden without a rendering fixture: --update removes it',
      });
    }
  }
  return rows;
}

async function checkGolden(
  t: TemplateUnderCheck,
  fixture: string,
  tree: Tree,
  update: boolean,
): Promise<ReportRow> {
  const dir = path.join(t.dir, 'fixtures', '__golden__', fixture);
  const rel = `${path.posix.join('fixtures', '__golden__', fixture)}/`;
  const base = { template: t.name, fixture, file: rel, validator: 'golden' };
  if (update) {
    await writeTree(dir, tree);
    const ignored = await gitIgnored(dir, [...tree.keys()]);
    if (ignored.length > 0) {
      return {
        ...base,
        status: 'fail',
        message: `written, but git ignores ${ignored.join(
          ', ',
        )}: the golden would be committed incomplete (adjust the .gitignore rules that match)`,
      };
    }
    return { ...base, status: 'pass', message: `written (${tree.size} files)` };
  }
  if (!(await exists(dir))) {
    return {
      ...base,
      status: 'fail',
      message:
        'no golden yet: run `yarn templates:check --update` and review the files',
    };
  }
  const golden = await readTree(dir);
  const diff = diffTrees(golden, tree, { before: 'golden', after: 'rendered' });
  if (isEmptyDiff(diff)) return { ...base, status: 'pass' };
  return {
    ...base,
    status: 'fail',
    message: `rendered tree differs from the golden (${[
      diff.added.length ? `added: ${diff.added.join(', ')}` : '',
      diff.removed.length ? `missing: ${diff.removed.join(', ')}` : '',
      diff.changed.length ? `changed: ${diff.changed.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ')}); if intended, run with --update`,
    diff: diff.patch,
  };
}

/** Topological order of `names` by prerequisites; ties broken by `compare`. */
export function orderGenerators(
  names: string[],
  requires: (name: string) => string[],
  compare: (a: string, b: string) => number,
): { order: string[]; unsatisfiable: string[] } {
  const order: string[] = [];
  const remaining = new Set(names);
  const placed = (n: string) => !names.includes(n) || order.includes(n);
  for (;;) {
    const ready = [...remaining]
      .filter(n => requires(n).every(placed))
      .sort(compare);
    if (ready.length === 0) break;
    order.push(ready[0]);
    remaining.delete(ready[0]);
  }
  return { order, unsatisfiable: [...remaining] };
}

async function checkComposition(ctx: {
  known: Map<string, TemplateUnderCheck>;
  targets: TemplateUnderCheck[];
  render: (
    t: TemplateUnderCheck,
    fx: Pick<Fixture, 'values' | 'secrets' | 'catalog'>,
    seed: Tree | undefined,
    clock: string,
  ) => Promise<RenderResult>;
  fixtureOutput: (name: string, fixture: string) => Promise<RenderResult>;
  resolveSeed: (fx: Fixture) => Promise<{ tree?: Tree; error?: string }>;
  check: (tree: Tree, label: string) => Promise<ReportRow[]>;
  log: (line: string) => void;
}): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  const row = (
    fixture: string,
    validator: string,
    status: CheckStatus,
    message?: string,
    diff?: string,
  ): ReportRow => ({
    template: 'composition',
    fixture,
    file: '(tree)',
    validator,
    status,
    message,
    diff,
  });
  const root = [...ctx.known.values()].find(
    t => t.generatorId === 'ml-project',
  );
  if (!root) return [row('-', 'composition', 'n/a', 'no ml-project template')];
  // Only when the run covers the root or a grow generator
  const grows = [...ctx.known.values()].filter(isGrowGenerator);
  if (!ctx.targets.some(t => t === root || grows.includes(t))) return [];

  const pick = (t: TemplateUnderCheck) =>
    t.fixtures.find(f => f.name === 'minimal' && f.expectError === undefined) ??
    t.fixtures.find(f => f.expectError === undefined);
  const rootFixture = pick(root);
  if (!rootFixture)
    return [
      row('-', 'composition', 'fail', `${root.name} has no rendering fixture`),
    ];
  const start = await ctx.fixtureOutput(root.name, rootFixture.name);
  if (start.error)
    return [
      row(
        rootFixture.name,
        'composition',
        'fail',
        `${root.name}: ${start.error}`,
      ),
    ];

  const byId = new Map(grows.map(g => [g.generatorId, g]));
  const ids = [...byId.keys()];
  const requires = (id: string) => byId.get(id)?.requires ?? [];
  const missingReq = ids.flatMap(id =>
    requires(id)
      .filter(r => r !== root.generatorId && !byId.has(r))
      .map(r => `${id} requires ${r}, which is no template here`),
  );
  if (missingReq.length)
    rows.push(row('-', 'prerequisites', 'fail', missingReq.join('; ')));
  const a = orderGenerators(ids, requires, (x, y) => x.localeCompare(y));
  const b = orderGenerators(ids, requires, (x, y) => y.localeCompare(x));
  if (a.unsatisfiable.length) {
    rows.push(
      row(
        '-',
        'prerequisites',
        'fail',
        `prerequisite cycle or missing generator: ${a.unsatisfiable.join(
          ', ',
        )}`,
      ),
    );
  }

  const apply = async (order: string[], label: string) => {
    let tree = start.tree;
    for (const id of order) {
      const g = byId.get(id)!;
      const fx = pick(g);
      if (!fx) return { tree, error: `${id} has no rendering fixture` };
      ctx.log(`  composition ${label}: applying ${id}`);
      const r = await ctx.render(g, fx, tree, KIT_CLOCK);
      if (r.error) return { tree, error: `${id}: ${r.error}` };
      tree = r.tree;
    }
    return { tree };
  };

  const chain = (order: string[]) => [root.generatorId, ...order].join(' → ');
  const ra = await apply(a.order, 'A');
  rows.push(
    row(
      `A: ${chain(a.order)}`,
      'apply in order',
      ra.error ? 'fail' : 'pass',
      ra.error,
    ),
  );
  const sameOrder = a.order.join() === b.order.join();
  if (!sameOrder) {
    const rb = await apply(b.order, 'B');
    rows.push(
      row(
        `B: ${chain(b.order)}`,
        'apply in order',
        rb.error ? 'fail' : 'pass',
        rb.error,
      ),
    );
    if (!ra.error && !rb.error) {
      const d = diffTrees(ra.tree, rb.tree, {
        before: 'order-A',
        after: 'order-B',
      });
      rows.push(
        row(
          'A vs B',
          'same final tree',
          isEmptyDiff(d) ? 'pass' : 'fail',
          isEmptyDiff(d)
            ? undefined
            : `final trees differ: ${[
                ...d.added,
                ...d.removed,
                ...d.changed,
              ].join(', ')}`,
          isEmptyDiff(d) ? undefined : d.patch,
        ),
      );
    }
  } else {
    rows.push(
      row(
        'B',
        'second order',
        'n/a',
        ids.length < 2
          ? `${ids.length} grow generator(s): a single order`
          : 'prerequisites allow a single order',
      ),
    );
  }
  if (ra.error) return rows;

  // The composed project must itself be valid
  rows.push(...(await ctx.check(ra.tree, `A: ${chain(a.order)}`)));

  // Applying any generator again with the same inputs (at a later time) changes nothing: the
  // project generator on its own output (it creates projects, it does not grow them), every
  // grow generator on the composed project
  for (const g of [root, ...a.order.map(id => byId.get(id)!)]) {
    const fx = pick(g)!;
    const before = g === root ? start.tree : ra.tree;
    const r = await ctx.render(g, fx, before, KIT_CLOCK_RERUN);
    if (r.error) {
      rows.push(row(`re-run ${g.generatorId}`, 'idempotent', 'fail', r.error));
      continue;
    }
    const d = diffTrees(before, r.tree, {
      before: 'before',
      after: 'after-rerun',
    });
    rows.push(
      row(
        `re-run ${g.generatorId}`,
        'idempotent (empty diff)',
        isEmptyDiff(d) ? 'pass' : 'fail',
        isEmptyDiff(d)
          ? undefined
          : `a second run changed: ${[
              ...d.added,
              ...d.removed,
              ...d.changed,
            ].join(', ')}`,
        isEmptyDiff(d) ? undefined : d.patch,
      ),
    );
  }
  return rows;
}
