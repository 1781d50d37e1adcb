/*
 * Benchmark: render time of the full generator chain (ml-project, then every grow generator,
 * each a real scaffolder dry-run with the mx actions: checkout, fetch:template, state merge,
 * three-way reconcile) against a baseline measured in the same run: ONE template that renders
 * the same final files with only Backstage's built-in `fetch:template`.
 *
 * Run from the repo root (Node 22):
 *   source scripts/env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/generator-chain.bench.ts [rounds]
 *
 * Not part of any test suite: it only measures and prints.
 */
import path from 'node:path';
import {
  startScaffolderUnderTest,
  toolStandIns,
} from '../packages/template-check/src/scaffolder/testScaffolder';
import { orderGenerators, renderTemplate } from '../packages/template-check/src/check';
import {
  findTemplateDirs,
  isGrowGenerator,
  loadTemplate,
} from '../packages/template-check/src/templates';
import { KIT_CLOCK } from '../packages/template-check/src/lib/clock';
import { treeToDirectoryContents } from '../packages/template-check/src/lib/tree';

const ROUNDS = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const root = path.resolve(__dirname, '..');
  const templates = await Promise.all(
    (await findTemplateDirs(path.join(root, 'templates'))).map(loadTemplate),
  );
  const ml = templates.find(t => t.generatorId === 'ml-project')!;
  const grows = templates.filter(isGrowGenerator);
  const byId = new Map(grows.map(g => [g.generatorId, g]));
  const { order } = orderGenerators(
    [...byId.keys()],
    id => byId.get(id)?.requires ?? [],
    (a, b) => a.localeCompare(b),
  );
  const minimal = (t: (typeof templates)[number]) =>
    t.fixtures.find(f => f.name === 'minimal' && !f.expectError)!;

  const standIns = await toolStandIns();
  const scaffolder = await startScaffolderUnderTest({ tools: standIns.paths });
  try {
    const chain: number[] = [];
    const plain: number[] = [];
    let files = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let t0 = performance.now();
      let r = await renderTemplate(scaffolder, ml, minimal(ml), undefined, KIT_CLOCK);
      if (r.error) throw new Error(`ml-project: ${r.error}`);
      for (const id of order) {
        const g = byId.get(id)!;
        r = await renderTemplate(scaffolder, g, minimal(g), r.tree, KIT_CLOCK);
        if (r.error) throw new Error(`${id}: ${r.error}`);
      }
      chain.push(performance.now() - t0);
      files = r.tree.size;

      // Baseline: the same final files as the skeleton of one plain fetch:template template.
      const skeleton = treeToDirectoryContents(r.tree, 'skeleton');
      const template = {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'plain-fetch-template' },
        spec: {
          owner: 'group:default/platform',
          type: 'service',
          parameters: [],
          steps: [
            {
              id: 'render',
              action: 'fetch:template',
              input: { url: './skeleton', copyWithoutTemplating: [] },
            },
          ],
        },
      };
      t0 = performance.now();
      const res = await scaffolder.dryRun({
        template,
        values: {},
        directoryContents: [
          { path: 'template.yaml', base64Content: Buffer.from(JSON.stringify(template)).toString('base64') },
          ...skeleton,
        ],
      });
      if (res.error) throw new Error(`baseline: ${res.error}`);
      plain.push(performance.now() - t0);
    }
    console.log(
      JSON.stringify(
        {
          rounds: ROUNDS,
          chain: ['ml-project', ...order],
          filesInFinalTree: files,
          chainMedianMs: Math.round(median(chain)),
          baselineFetchTemplateMedianMs: Math.round(median(plain)),
          ratio: +(median(chain) / median(plain)).toFixed(1),
          toolStandIns: standIns.reasons,
        },
        null,
        2,
      ),
    );
  } finally {
    await scaffolder.stop();
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
