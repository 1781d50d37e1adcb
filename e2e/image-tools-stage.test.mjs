// Runs the `tools` stage of packages/backend/Dockerfile without a container engine: each RUN
// that downloads a tool is executed with `sh -c` as `docker build` would, with /out mapped to a
// temporary folder and a CURL STAND-IN (no network here) that serves small fake artifacts of the
// same shape as the vendors' (a zip with `terraform`, a tar.gz with `google-cloud-sdk/`, a
// tar.gz with `linux-amd64/helm`, plain kubectl and devspace binaries).
// With the fakes' own sha256 in the ARGs, every tool lands where tools.json says; with the pinned
// vendor sha256 (which a fake cannot match), `sha256sum -c` stops the RUN before anything is
// installed: the same thing a tampered or truncated download does in a real build.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './lib/backend.mjs';

const kitRequire = createRequire(
  path.join(repoRoot, 'packages/template-check/package.json'),
);
const { DockerfileParser } = kitRequire('dockerfile-ast');
const pins = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'packages/backend/tools.json'), 'utf8'),
).tools;

/** ARG defaults and download RUNs of the Dockerfile's `tools` stage. */
function toolsStage() {
  const df = DockerfileParser.parse(
    fs.readFileSync(path.join(repoRoot, 'packages/backend/Dockerfile'), 'utf8'),
  );
  const args = {};
  const runs = [];
  let inTools = false;
  for (const ins of df.getInstructions()) {
    const kw = ins.getKeyword();
    if (kw === 'FROM') inTools = /\bAS\s+tools\b/i.test(ins.getTextContent());
    else if (inTools && kw === 'ARG') {
      const [k, ...v] = ins
        .getArguments()
        .map(a => a.getValue())
        .join(' ')
        .split('=');
      args[k] = v.join('=');
    } else if (
      inTools &&
      kw === 'RUN' &&
      !/apt-get/.test(ins.getTextContent())
    ) {
      runs.push(
        ins
          .getTextContent()
          .replace(/^RUN\s+/, '')
          .replace(/\\\n/g, ' '),
      );
    }
  }
  return { args, runs };
}

const sha256 = file =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('the Dockerfile tools stage, run with a curl stand-in', () => {
  let tmp;
  let fakes; // tool -> { file, sha256 }
  let stage;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-tools-stage-'));
    stage = toolsStage();
    const src = path.join(tmp, 'src');
    const fakeDir = path.join(tmp, 'fakes');
    fs.mkdirSync(src);
    fs.mkdirSync(fakeDir);
    const exe = (p, name) => {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, `#!/bin/sh\necho "fake ${name}"\n`, { mode: 0o755 });
    };
    exe(path.join(src, 'terraform'), 'terraform');
    exe(path.join(src, 'google-cloud-sdk/bin/gcloud'), 'gcloud');
    exe(path.join(src, 'linux-amd64/helm'), 'helm');
    exe(path.join(fakeDir, 'kubectl'), 'kubectl');
    exe(path.join(fakeDir, 'devspace-linux-amd64'), 'devspace');
    // Debian's python builds the zip (no `zip` binary needed); tar builds the tarballs.
    execFileSync('/usr/bin/python3', [
      '-c',
      'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],"w"); z.write(sys.argv[2],"terraform"); z.close()',
      path.join(fakeDir, path.basename(pins.terraform.url)),
      path.join(src, 'terraform'),
    ]);
    execFileSync('tar', [
      '-czf',
      path.join(fakeDir, path.basename(pins.gcloud.url)),
      '-C',
      src,
      'google-cloud-sdk',
    ]);
    execFileSync('tar', [
      '-czf',
      path.join(fakeDir, path.basename(pins.helm.url)),
      '-C',
      src,
      'linux-amd64',
    ]);
    fakes = {};
    for (const [tool, pin] of Object.entries(pins)) {
      const file = path.join(fakeDir, path.basename(pin.url));
      assert.ok(
        fs.existsSync(file),
        `no fake artifact for ${tool} (${pin.url}): extend this test`,
      );
      fakes[tool] = { file, sha256: sha256(file) };
    }
    // The curl stand-in: `curl -fsSL -o <file> <url>` copies the fake named like the URL's file.
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'curl'),
      `#!/bin/sh
# curl STAND-IN for this test: serves ${fakeDir}/<basename of the URL>; no network.
out=""; url=""
while [ $# -gt 0 ]; do
  case "$1" in -o) out="$2"; shift 2;; -*) shift;; *) url="$1"; shift;; esac
done
cp "${fakeDir}/$(basename "$url")" "$out"
`,
      { mode: 0o755 },
    );
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs the stage's download RUNs in a fresh root; returns { root, results }. */
  function runStage(shaFor) {
    const root = fs.mkdtempSync(path.join(tmp, 'root-'));
    const downloads = path.join(root, 'downloads');
    fs.mkdirSync(downloads);
    const env = {
      ...process.env,
      PATH: `${path.join(tmp, 'bin')}:${process.env.PATH}`,
    };
    for (const [k, v] of Object.entries(stage.args)) env[k] = v;
    for (const tool of Object.keys(pins))
      env[`${tool.toUpperCase()}_SHA256`] = shaFor(tool);
    const results = stage.runs.map(cmd => {
      const mapped = cmd.replace(/\/out\b/g, path.join(root, 'out'));
      return {
        cmd,
        ...spawnSync('sh', ['-c', mapped], {
          cwd: downloads,
          env,
          encoding: 'utf8',
        }),
      };
    });
    return { root, results };
  }

  it('installs every tool where tools.json says when each download matches its sha256', () => {
    const { root, results } = runStage(tool => fakes[tool].sha256);
    for (const r of results) assert.equal(r.status, 0, `${r.cmd}\n${r.stderr}`);
    for (const [tool, pin] of Object.entries(pins)) {
      const installed = path.join(root, 'out', pin.installPath);
      const st = fs.lstatSync(installed);
      if (st.isSymbolicLink()) {
        // gcloud: /usr/bin/gcloud -> /opt/google-cloud-sdk/bin/gcloud, resolved inside /out.
        const target = fs.readlinkSync(installed);
        assert.ok(path.isAbsolute(target));
        assert.equal(target, path.posix.join(pin.installDir, 'bin', tool));
        assert.match(
          fs.readFileSync(path.join(root, 'out', target), 'utf8'),
          new RegExp(`fake ${tool}`),
        );
      } else {
        assert.ok(st.mode & 0o111, `${pin.installPath} is not executable`);
        assert.match(
          fs.readFileSync(installed, 'utf8'),
          new RegExp(`fake ${tool}`),
        );
      }
    }
    assert.deepEqual(
      fs.readdirSync(path.join(root, 'downloads')),
      [],
      'downloads are removed after install',
    );
  });

  it('stops each tool at sha256sum -c when the download does not match the pinned checksum', () => {
    // The pinned values are the vendors'; the fakes cannot match them.
    const { root, results } = runStage(tool => pins[tool].sha256);
    const downloads = results.filter(r => /\bcurl\b/.test(r.cmd));
    assert.equal(downloads.length, Object.keys(pins).length);
    for (const r of downloads) {
      assert.notEqual(r.status, 0, `expected a checksum failure:\n${r.cmd}`);
      assert.match(r.stdout + r.stderr, /FAILED/);
    }
    for (const pin of Object.values(pins)) {
      assert.equal(
        fs.existsSync(path.join(root, 'out', pin.installPath)),
        false,
        `${pin.installPath} installed despite the mismatch`,
      );
    }
  });
});
