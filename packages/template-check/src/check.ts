import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkComposition } from './checks/composition';
import { checkEntity } from './checks/entity';
import { checkFixture } from './checks/fixture';
import { orphanGoldens } from './checks/golden';
import {
  CheckOptions,
  CheckReport,
  ReportRow,
  isFailure,
} from './checks/types';
import { exists } from './lib/exists';
import { findRepoRoot, resolveSchemaDir } from './lib/paths';
import { Tree } from './lib/tree';
import { FixtureRenderer } from './render/fixtureRenderer';
import {
  startScaffolderUnderTest,
  toolStandIns,
} from './scaffolder/testScaffolder';
import {
  TemplateUnderCheck,
  findTemplateDirs,
  isGrowGenerator,
  loadTemplate,
} from './templates';
import { checkTree } from './validators';
import { SchemaStore } from './validators/schemas';

export type { CheckOptions, CheckReport, ReportRow } from './checks/types';

/**
 * Runs the whole kit: entity checks, dry runs, file validation, goldens and composition (one
 * module per check in `checks/`).
 */
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
  const checkRendered = (tree: Tree, label: string) =>
    checkTree(tree, {
      schemas,
      workDir: path.join(scratch, `tree-${++workCounter}`),
      label,
    });

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
    const { known, targets } = await loadTemplates(
      templatesDir,
      options.targets ?? [templatesDir],
    );
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
    for (const t of targets) {
      log(
        `Checking template ${t.name} (${
          path.relative(repoRoot, t.dir) || t.dir
        })`,
      );
      rows.push(...(await checkEntity(t, actions)));
      if (t.parseError || !t.entity) continue;
      rows.push(...fixtureFileProblems(t));
      rows.push(...(await orphanGoldens(t, !!options.update)));
      for (const fx of t.fixtures) {
        rows.push(
          ...(await checkFixture(t, fx, {
            renderer,
            checkTree: checkRendered,
            update: !!options.update,
            log,
          })),
        );
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
          render: renderer.render.bind(renderer),
          fixtureOutput: renderer.fixtureOutput.bind(renderer),
          resolveSeed: renderer.resolveSeed.bind(renderer),
          check: async (tree, label) =>
            (
              await checkRendered(tree, `composition/${label}`)
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

/**
 * Every template of the templates folder (what `fromTemplate` seeds and the composition use)
 * and the templates to check (`targets`: template folders or folders of templates).
 */
async function loadTemplates(
  templatesDir: string,
  targetDirs: string[],
): Promise<{
  known: Map<string, TemplateUnderCheck>;
  targets: TemplateUnderCheck[];
}> {
  const known = new Map<string, TemplateUnderCheck>();
  if (await exists(templatesDir)) {
    for (const dir of await findTemplateDirs(templatesDir)) {
      const t = await loadTemplate(dir);
      known.set(t.name, t);
    }
  }
  const targets: TemplateUnderCheck[] = [];
  for (const target of targetDirs) {
    for (const dir of await findTemplateDirs(target)) {
      const t =
        [...known.values()].find(k => k.dir === dir) ??
        (await loadTemplate(dir));
      known.set(t.name, known.get(t.name) ?? t);
      targets.push(t);
    }
  }
  return { known, targets };
}

/** A template without fixtures, and fixture files that could not be read. */
function fixtureFileProblems(t: TemplateUnderCheck): ReportRow[] {
  const rows: ReportRow[] = [];
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
  return rows;
}
