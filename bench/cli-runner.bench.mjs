// Overhead of the mx CLI runner (execa, line streaming, redaction, signal handling) against a bare
// child_process.execFile of the same command. Not part of the test suite.
//
//   cd <repo> && source scripts/env.sh && node bench/cli-runner.bench.mjs [runs] [tool]
//
// Prints one line per tool: mean ms per call for both ways and the ratio runner / bare.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 50);
const only = process.argv[3];
const tmp = await mkdtemp(path.join(os.tmpdir(), 'mx-bench-'));
// The bundle lives under node_modules/.cache so that execa resolves from the repository.
const cacheDir = path.join(root, 'node_modules', '.cache', 'mx-bench');
await mkdir(cacheDir, { recursive: true });
const bundle = path.join(cacheDir, `runner-${process.pid}.mjs`);
await build({
  entryPoints: [
    path.join(root, 'plugins/scaffolder-backend-module-mx/src/cli/runner.ts'),
  ],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: bundle,
  absWorkingDir: root,
  logLevel: 'silent',
});
const { createCliRunner } = await import(pathToFileURL(bundle).href);
const run = promisify(execFile);
const logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
};

const tools = [
  ['git', ['--version']],
  ['terraform', ['version']],
].filter(([t]) => !only || t === only);

try {
  for (const [command, args] of tools) {
    const runner = createCliRunner({
      tools: { [command]: { minVersion: undefined } },
    });
    // Warm up both paths (version check, disk cache).
    await runner.run({
      command,
      args,
      cwd: tmp,
      logger,
      secrets: ['not-printed-secret'],
    });
    await run(command, args, { cwd: tmp });

    let t = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) await run(command, args, { cwd: tmp });
    const bare = Number(process.hrtime.bigint() - t) / 1e6 / runs;

    t = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) {
      await runner.run({
        command,
        args,
        cwd: tmp,
        logger,
        secrets: ['not-printed-secret'],
      });
    }
    const viaRunner = Number(process.hrtime.bigint() - t) / 1e6 / runs;
    console.log(
      `${command} ${args.join(' ')} x${runs}: bare execFile ${bare.toFixed(
        2,
      )} ms/call, runner ${viaRunner.toFixed(2)} ms/call, ratio ${(
        viaRunner / bare
      ).toFixed(2)}`,
    );
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
  await rm(bundle, { force: true });
}
