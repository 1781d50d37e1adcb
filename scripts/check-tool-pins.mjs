#!/usr/bin/env node
// Checks that the backend image's tool pins agree everywhere, without a container engine:
//   packages/backend/tools.json   the ONE place that declares version, URL, sha256 (+ source)
//   packages/backend/Dockerfile   its generated ARG block, and the RUN that downloads each tool
//                                 from ${X_URL} and runs `sha256sum -c` on ${X_SHA256}
//   app-config.production.yaml    mx.tools.<tool>.{path,minVersion}
//   plugins/scaffolder-backend-module-mx built-in minimums (src/cli/runner.ts) and their doc (config.d.ts)
//   docs/deploying.md             the generated pin table
// The published checksums cannot be fetched here (no network): the check is consistency and
// format; where each checksum was read is recorded in tools.json (`source`).
//
//   node scripts/check-tool-pins.mjs           check; exit 1 with one line per problem
//   node scripts/check-tool-pins.mjs --write   regenerate the Dockerfile block and the docs table
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ARCHIVES,
  BLOCK_BEGIN,
  BLOCK_END,
  DOCS_BEGIN,
  DOCS_END,
  FILES,
  REQUIRED_TOOLS,
  compareVersions,
  kitRequire,
  repoRoot,
} from './tool-pins/files.mjs';
import {
  between,
  builtInMinimums,
  effectiveMinimums,
  normalizeTable,
  renderArgBlock,
  renderDocsTable,
  replaceBetween,
} from './tool-pins/render.mjs';
import { checkDockerfile } from './tool-pins/dockerfile.mjs';

export { FILES, compareVersions, renderArgBlock, renderDocsTable };

const YAML = kitRequire('yaml');

/** Every problem found, as sentences that say what is wrong and how to fix it. */
export function checkToolPins(
  read = file => fs.readFileSync(path.join(repoRoot, file), 'utf8'),
) {
  const problems = [];
  const fail = msg => problems.push(msg);

  let pins;
  try {
    pins = JSON.parse(read(FILES.pins));
  } catch (e) {
    return [`${FILES.pins}: cannot read the pins (${e.message})`];
  }
  const tools = pins.tools ?? {};

  // 1. The pins themselves: every tool, well-formed, with a recorded source.
  for (const tool of REQUIRED_TOOLS) {
    if (!tools[tool])
      fail(
        `${FILES.pins}: no pin for ${tool}; the mx:* actions run it, so the image must contain it`,
      );
  }
  for (const [tool, pin] of Object.entries(tools)) {
    const where = `${FILES.pins} tools.${tool}`;
    if (!/^\d+\.\d+\.\d+$/.test(pin.version ?? ''))
      fail(`${where}.version '${pin.version}' is not a plain x.y.z version`);
    if (!/^https:\/\//.test(pin.url ?? ''))
      fail(`${where}.url must be an https URL (got '${pin.url}')`);
    else if (!pin.url.includes(pin.version))
      fail(
        `${where}.url does not contain version ${pin.version}: the URL and the version disagree`,
      );
    if (!pin.sha256)
      fail(
        `${where}.sha256 is missing: read it from ${
          pin.vendorChecksums ?? "the vendor's checksum file"
        } and record where in 'source' (the image build fails until then)`,
      );
    else if (!/^[0-9a-f]{64}$/.test(pin.sha256))
      fail(
        `${where}.sha256 '${pin.sha256}' is not 64 lower-case hex digits (a sha256)`,
      );
    if (!pin.source || pin.source.length < 20)
      fail(`${where}.source must say where the checksum was published/read`);
    if (!ARCHIVES.includes(pin.archive))
      fail(`${where}.archive must be one of ${ARCHIVES.join(', ')}`);
    if (!/^\/[\w./-]+$/.test(pin.installPath ?? ''))
      fail(`${where}.installPath must be an absolute path`);
  }
  const shas = Object.entries(tools).filter(([, p]) => p.sha256);
  for (const [tool, pin] of shas) {
    const dup = shas.find(([t, p]) => t !== tool && p.sha256 === pin.sha256);
    if (dup)
      fail(
        `${FILES.pins}: ${tool} and ${dup[0]} have the same sha256; one of them is wrong`,
      );
  }

  // 2. Versions against the minimums in force.
  let prodTools = {};
  try {
    prodTools = YAML.parse(read(FILES.productionConfig))?.mx?.tools ?? {};
  } catch (e) {
    fail(`${FILES.productionConfig}: cannot parse (${e.message})`);
  }
  const builtIn = builtInMinimums(read(FILES.runner));
  if (!builtIn)
    fail(
      `${FILES.runner}: DEFAULT_MIN_VERSIONS not found (the built-in minimums moved? update this check)`,
    );
  const docMatch = read(FILES.configSchema).match(
    /Built-in minimums:([\s\S]*?)\.(?=\s|$)/,
  );
  if (builtIn && docMatch) {
    const documented = Object.fromEntries(
      [...docMatch[1].matchAll(/(\w+)\s+(\d+\.\d+\.\d+)/g)].map(m => [
        m[1],
        m[2],
      ]),
    );
    for (const [tool, v] of Object.entries(builtIn)) {
      if (documented[tool] !== v)
        fail(
          `${
            FILES.configSchema
          }: documents the built-in minimum of ${tool} as ${
            documented[tool] ?? '(nothing)'
          }, ${FILES.runner} has ${v}`,
        );
    }
    for (const tool of Object.keys(documented)) {
      if (!builtIn[tool])
        fail(
          `${FILES.configSchema}: documents a built-in minimum for ${tool}, ${FILES.runner} has none`,
        );
    }
  } else if (builtIn) {
    fail(
      `${FILES.configSchema}: the "Built-in minimums: ..." sentence is missing`,
    );
  }
  const minimums = effectiveMinimums(builtIn ?? {}, prodTools);
  for (const [tool, min] of Object.entries(minimums)) {
    const pin = tools[tool];
    if (!pin) continue;
    if (compareVersions(pin.version, min) < 0) {
      fail(
        `${tool} ${pin.version} in ${FILES.pins} is older than the minimum ${min} (mx.tools.${tool}.minVersion or the built-in); pin ${min} or newer`,
      );
    }
  }
  for (const [tool, cfg] of Object.entries(prodTools)) {
    if (cfg?.path && tools[tool] && cfg.path !== tools[tool].installPath) {
      fail(
        `${FILES.productionConfig}: mx.tools.${tool}.path is ${cfg.path} but the image installs ${tool} at ${tools[tool].installPath}`,
      );
    }
    if (cfg?.path && !tools[tool])
      fail(
        `${FILES.productionConfig}: mx.tools.${tool}.path is set but ${FILES.pins} does not pin ${tool}`,
      );
  }

  // 3. The Dockerfile: the generated block, one verified download per tool, non-root final stage.
  checkDockerfile(read(FILES.dockerfile), pins, fail);

  // 4. The docs table.
  let docs = '';
  try {
    docs = read(FILES.docs);
  } catch {
    fail(`${FILES.docs} is missing`);
  }
  if (
    docs &&
    normalizeTable(between(docs, DOCS_BEGIN, DOCS_END)) !==
      normalizeTable(renderDocsTable(pins, minimums))
  ) {
    fail(
      `${FILES.docs}: the pin table differs from ${FILES.pins} and the minimums; run \`node scripts/check-tool-pins.mjs --write\``,
    );
  }
  return problems;
}

/** Rewrites the generated Dockerfile block and docs table from tools.json. */
export function writeGenerated() {
  const read = f => fs.readFileSync(path.join(repoRoot, f), 'utf8');
  const pins = JSON.parse(read(FILES.pins));
  const minimums = effectiveMinimums(
    builtInMinimums(read(FILES.runner)) ?? {},
    YAML.parse(read(FILES.productionConfig))?.mx?.tools ?? {},
  );
  fs.writeFileSync(
    path.join(repoRoot, FILES.dockerfile),
    replaceBetween(
      read(FILES.dockerfile),
      BLOCK_BEGIN,
      BLOCK_END,
      renderArgBlock(pins),
      FILES.dockerfile,
    ),
  );
  fs.writeFileSync(
    path.join(repoRoot, FILES.docs),
    replaceBetween(
      read(FILES.docs),
      DOCS_BEGIN,
      DOCS_END,
      renderDocsTable(pins, minimums),
      FILES.docs,
    ),
  );
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const t0 = process.hrtime.bigint();
  if (process.argv.includes('--write')) writeGenerated();
  const problems = checkToolPins();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (problems.length) {
    console.error(
      `Tool pins disagree (${problems.length} problem(s)):\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
    process.exit(1);
  }
  console.log(
    `Tool pins agree: ${Object.keys(
      JSON.parse(fs.readFileSync(path.join(repoRoot, FILES.pins), 'utf8'))
        .tools,
    ).join(', ')} (${ms.toFixed(0)} ms)`,
  );
}
