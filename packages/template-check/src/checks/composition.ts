import { KIT_CLOCK, KIT_CLOCK_RERUN } from '../lib/clock';
import { Tree, diffTrees, isEmptyDiff } from '../lib/tree';
import { Fixture, TemplateUnderCheck, isGrowGenerator } from '../templates';
import { CheckStatus } from '../validators';
import { RenderResult, ReportRow } from './types';

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

export async function checkComposition(ctx: {
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
