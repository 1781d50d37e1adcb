import { KIT_CLOCK, KIT_CLOCK_RERUN } from '../lib/clock';
import { Tree, diffTrees, isEmptyDiff } from '../lib/tree';
import { FixtureRenderer } from '../render/fixtureRenderer';
import { Fixture, TemplateUnderCheck } from '../templates';
import { FileCheck } from '../validators';
import { checkGolden } from './golden';
import { RenderResult, ReportRow } from './types';

/**
 * One fixture of a template: its dry run (or the error it expects), every rendered file, its
 * golden, and a re-run with the same answers that must change nothing.
 */
export async function checkFixture(
  t: TemplateUnderCheck,
  fx: Fixture,
  ctx: {
    renderer: FixtureRenderer;
    /** The per-file validators and whole-tree checks on a rendered tree. */
    checkTree: (tree: Tree, label: string) => Promise<FileCheck[]>;
    update: boolean;
    log: (line: string) => void;
  },
): Promise<ReportRow[]> {
  const { renderer, log } = ctx;
  const rows: ReportRow[] = [];
  const base = { template: t.name, fixture: fx.name };
  log(`  fixture ${fx.name}: dry run`);
  const seed = await renderer.resolveSeed(fx);
  const result: RenderResult = seed.error
    ? { tree: new Map(), error: seed.error }
    : await (fx.directoryContents === undefined
        ? renderer.fixtureOutput(t.name, fx.name)
        : renderer.render(t, fx, seed.tree, KIT_CLOCK));
  if (fx.expectError !== undefined) {
    const ok = !!result.error && result.error.includes(fx.expectError);
    rows.push({
      ...base,
      file: '-',
      validator: 'dry-run (expect error)',
      status: ok ? 'pass' : 'fail',
      message: expectErrorMessage(ok, fx.expectError, result.error),
    });
    return rows;
  }
  if (result.error) {
    rows.push({
      ...base,
      file: '-',
      validator: 'dry-run',
      status: 'fail',
      message: result.error,
    });
    return rows;
  }
  rows.push({
    ...base,
    file: '-',
    validator: 'dry-run',
    status: 'pass',
    message: `${result.tree.size} files`,
  });
  log(`  fixture ${fx.name}: checking ${result.tree.size} files`);
  for (const r of await ctx.checkTree(result.tree, `${t.name}/${fx.name}`)) {
    rows.push({ ...base, ...r });
  }
  rows.push(await checkGolden(t, fx.name, result.tree, ctx.update));

  // The same answers again, on the project as it now is, at a later time: nothing changes
  const again = await renderer.render(t, fx, result.tree, KIT_CLOCK_RERUN);
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
  return rows;
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
