/*
 * The "typical edits" scenario as a report: twelve everyday edits to catalog-info.yaml,
 * devspace.yaml, cloudbuild.yaml and the MLflow manifest, then every grow generator (rendered
 * through the kit's real scaffolder). Prints the conflicts the line merge (diff3, what MX did
 * before) and the structural merge leave, and the time of each merge. The same scenario is a test
 * (packages/template-check/src/scenarios/typicalEdits.test.ts) asserting 0 structural conflicts.
 *
 * Run from the repo root (Node 22):
 *   source scripts/env.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/typical-edits.bench.ts [--show file]
 */
import path from 'node:path';
import {
  startScaffolderUnderTest,
  toolStandIns,
} from '../packages/template-check/src/scaffolder/testScaffolder';
import {
  formatTypicalEdits,
  renderGeneratorChain,
  runTypicalEdits,
} from '../packages/template-check/src/scenarios/typicalEdits';

async function main() {
  const show = process.argv.indexOf('--show');
  const standIns = await toolStandIns();
  const scaffolder = await startScaffolderUnderTest({ tools: standIns.paths });
  try {
    let t0 = performance.now();
    const steps = await renderGeneratorChain(
      scaffolder,
      path.resolve(__dirname, '..', 'templates'),
    );
    const renderMs = performance.now() - t0;
    t0 = performance.now();
    const result = runTypicalEdits(steps);
    const replayMs = performance.now() - t0;
    console.log(formatTypicalEdits(result));
    for (const e of result.edits) {
      console.log(`  - ${e.file}: ${e.title} (after ${e.afterGenerator})`);
    }
    console.log(
      `  chain rendered in ${Math.round(
        renderMs,
      )} ms; both replays in ${Math.round(replayMs)} ms`,
    );
    if (show > 0) {
      const file = process.argv[show + 1];
      console.log(
        `\n--- ${file}, structural merge ---\n${result.structural.files.get(
          file,
        )}`,
      );
      console.log(
        `\n--- ${file}, line merge ---\n${result.line.files.get(file)}`,
      );
    }
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
