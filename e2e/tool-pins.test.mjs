// The backend image's tool pins (packages/backend/tools.json) agree with the Dockerfile, the
// mx.tools minimum versions and docs/deploying.md; each kind of disagreement is caught.
// No container engine runs here: scripts/check-tool-pins.mjs parses the Dockerfile instead.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/backend.mjs';
import {
  FILES,
  checkToolPins,
  compareVersions,
} from '../scripts/check-tool-pins.mjs';

const real = file => fs.readFileSync(path.join(repoRoot, file), 'utf8');

/** The check's problems with one file edited (the edit must apply). */
function problemsWith(file, edit) {
  const original = real(file);
  const edited = edit(original);
  assert.notEqual(edited, original, `the edit of ${file} did not apply`);
  return checkToolPins(f => (f === file ? edited : real(f)));
}

const editJson = fn => text => {
  const json = JSON.parse(text);
  fn(json);
  return JSON.stringify(json, null, 2);
};

function assertProblem(problems, pattern) {
  assert.ok(
    problems.some(p => pattern.test(p)),
    `expected a problem matching ${pattern}, got:\n${
      problems.join('\n') || '(none)'
    }`,
  );
}

describe('tool pin check', () => {
  it('passes on the repository and names every tool (CLI)', () => {
    const out = execFileSync(
      process.execPath,
      [path.join(repoRoot, 'scripts/check-tool-pins.mjs')],
      {
        encoding: 'utf8',
      },
    );
    assert.match(
      out,
      /Tool pins agree: terraform, gcloud, kubectl, helm, devspace/,
    );
    assert.deepEqual(checkToolPins(), []);
  });

  it('pins terraform 1.11.4 (the version plans are made with) and versions above the minimums', () => {
    const pins = JSON.parse(real(FILES.pins)).tools;
    assert.equal(pins.terraform.version, '1.11.4');
    assert.ok(compareVersions(pins.kubectl.version, '1.28.0') >= 0);
    assert.ok(compareVersions(pins.devspace.version, '6.3.0') >= 0);
    assert.equal(compareVersions('1.11.4', '1.5.0'), 1);
  });

  it('refuses a Dockerfile checksum that differs from tools.json', () => {
    const problems = problemsWith(FILES.dockerfile, t =>
      t.replace(/ARG KUBECTL_SHA256=c/, 'ARG KUBECTL_SHA256=d'),
    );
    assertProblem(
      problems,
      /ARG KUBECTL_SHA256 is 'dfda68.*tools\.json says 'cfda68/,
    );
    assertProblem(problems, /pin block differs.*--write/);
  });

  it('refuses a download that is not verified with sha256sum -c', () => {
    const problems = problemsWith(FILES.dockerfile, t =>
      t.replace(
        'echo "${HELM_SHA256}  helm.tar.gz" | sha256sum -c - && \\\n',
        '',
      ),
    );
    assertProblem(problems, /helm download 'helm\.tar\.gz' is not verified/);
  });

  it('refuses a download unpacked before its checksum is checked', () => {
    const problems = problemsWith(FILES.dockerfile, t =>
      t.replace(
        '    echo "${TERRAFORM_SHA256}  terraform.zip" | sha256sum -c - && \\\n    unzip -q terraform.zip terraform -d /out/usr/local/bin && \\\n',
        '    unzip -q terraform.zip terraform -d /out/usr/local/bin && \\\n    echo "${TERRAFORM_SHA256}  terraform.zip" | sha256sum -c - && \\\n',
      ),
    );
    assertProblem(
      problems,
      /terraform is unpacked or installed before its sha256 is checked/,
    );
  });

  it('refuses a tool fetched from somewhere else than the pinned URL', () => {
    const problems = problemsWith(FILES.dockerfile, t =>
      t.replace(
        'curl -fsSL -o devspace "${DEVSPACE_URL}"',
        'curl -fsSL -o devspace "https://example.com/devspace"',
      ),
    );
    assertProblem(
      problems,
      /no RUN downloads devspace from \$\{DEVSPACE_URL\}/,
    );
  });

  it('refuses a final stage that runs as root or has no USER', () => {
    assertProblem(
      problemsWith(FILES.dockerfile, t =>
        t.replace('\nUSER node\n', '\nUSER node\nUSER root\n'),
      ),
      /final stage runs as root/,
    );
    assertProblem(
      problemsWith(FILES.dockerfile, t => t.replace('\nUSER node\n', '\n')),
      /final stage has no USER/,
    );
  });

  it('refuses a single-stage Dockerfile', () => {
    const problems = problemsWith(FILES.dockerfile, t => {
      const final = t.lastIndexOf('\nFROM ');
      return t.slice(final + 1);
    });
    assertProblem(problems, /must be multi-stage/);
  });

  it('refuses a pinned version below mx.tools.<tool>.minVersion of the production config', () => {
    const problems = problemsWith(FILES.productionConfig, t =>
      t.replace(
        /(kubectl:\n\s+path: \S+\n\s+minVersion: )1\.28\.0/,
        '$11.35.0',
      ),
    );
    assertProblem(
      problems,
      /kubectl 1\.34\.0 .* older than the minimum 1\.35\.0/,
    );
  });

  it('refuses a pin below the actions\u2019 built-in minimum', () => {
    const problems = problemsWith(
      FILES.pins,
      editJson(p => (p.tools.terraform.version = '1.4.6')),
    );
    assertProblem(
      problems,
      /terraform 1\.4\.6 .* older than the minimum 1\.5\.0/,
    );
    assertProblem(problems, /url does not contain version 1\.4\.6/);
  });

  it('refuses an mx.tools path where the image does not install the tool', () => {
    const problems = problemsWith(FILES.productionConfig, t =>
      t.replace('path: /usr/bin/kubectl', 'path: /usr/local/bin/kubectl'),
    );
    assertProblem(
      problems,
      /mx\.tools\.kubectl\.path is \/usr\/local\/bin\/kubectl but the image installs kubectl at \/usr\/bin\/kubectl/,
    );
  });

  it('refuses config.d.ts documenting other built-in minimums than runner.ts has', () => {
    const problems = problemsWith(FILES.configSchema, t =>
      t.replace(
        'terraform 1.5.0, devspace 6.0.0',
        'terraform 1.4.0, devspace 6.0.0',
      ),
    );
    assertProblem(
      problems,
      /documents the built-in minimum of terraform as 1\.4\.0, .*runner\.ts has 1\.5\.0/,
    );
  });

  it('refuses missing, malformed or duplicated checksums and a pin without a source', () => {
    assertProblem(
      problemsWith(
        FILES.pins,
        editJson(p => (p.tools.gcloud.sha256 = '')),
      ),
      /tools\.gcloud\.sha256 is missing: read it from https:\/\/cloud\.google\.com/,
    );
    assertProblem(
      problemsWith(
        FILES.pins,
        editJson(
          p => (p.tools.helm.sha256 = p.tools.helm.sha256.toUpperCase()),
        ),
      ),
      /tools\.helm\.sha256 '.*' is not 64 lower-case hex digits/,
    );
    assertProblem(
      problemsWith(
        FILES.pins,
        editJson(p => (p.tools.helm.sha256 = p.tools.kubectl.sha256)),
      ),
      /helm and kubectl have the same sha256/,
    );
    assertProblem(
      problemsWith(
        FILES.pins,
        editJson(p => delete p.tools.devspace.source),
      ),
      /tools\.devspace\.source must say where the checksum was published/,
    );
    assertProblem(
      problemsWith(
        FILES.pins,
        editJson(p => delete p.tools.helm),
      ),
      /no pin for helm/,
    );
  });

  it('refuses docs whose pin table disagrees with tools.json', () => {
    const problems = problemsWith(FILES.docs, t =>
      t.replace(/\| helm( +)\| 3\.22\.0/, '| helm$1| 3.21.0'),
    );
    assertProblem(problems, /docs\/deploying\.md: the pin table differs/);
  });
});
