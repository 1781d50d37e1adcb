// deploy/helm/values.yaml (values for the Backstage Helm chart) runs the image the way the
// Dockerfile does and gives the production config everything it reads from the environment.
// The chart itself cannot be rendered here (no helm chart download): these are the chart's own
// value keys (github.com/backstage/charts, charts/backstage/values.yaml) read as data.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './lib/backend.mjs';

const kitRequire = createRequire(
  path.join(repoRoot, 'packages/template-check/package.json'),
);
const YAML = kitRequire('yaml');
const { DockerfileParser } = kitRequire('dockerfile-ast');
const read = f => fs.readFileSync(path.join(repoRoot, f), 'utf8');

const valuesText = read('deploy/helm/values.yaml');
const values = YAML.parse(valuesText);
const docs = read('docs/deploying.md');

describe('Helm values for the Backstage chart', () => {
  it('runs two replicas on PostgreSQL with an immutable image tag, as a non-root user', () => {
    assert.ok(values.backstage.replicas >= 2);
    assert.equal(values.postgresql.enabled, true);
    assert.notEqual(values.backstage.image.tag, 'latest');
    assert.equal(values.backstage.podSecurityContext.runAsNonRoot, true);
    // The Dockerfile's USER node is uid 1000 in the node images.
    assert.equal(values.backstage.podSecurityContext.runAsUser, 1000);
    assert.ok(
      values.backstage.resources.requests.memory &&
        values.backstage.resources.limits.memory,
    );
  });

  it('starts the backend with the same command and configs as the image', () => {
    const df = DockerfileParser.parse(read('packages/backend/Dockerfile'));
    const ins = df.getInstructions();
    const cmd = JSON.parse(
      ins
        .filter(i => i.getKeyword() === 'CMD')
        .pop()
        .getArgumentsContent(),
    );
    const workdir = ins
      .filter(i => i.getKeyword() === 'WORKDIR')
      .pop()
      .getArgumentsContent();
    assert.deepEqual(
      [...values.backstage.command, ...values.backstage.args],
      cmd,
    );
    // The chart sets no workingDir: the image's WORKDIR is where relative paths resolve.
    assert.equal(workdir, '/app/packages/backend');
  });

  it('provides every ${VAR} app-config.production.yaml reads, and docs/deploying.md names it', () => {
    const vars = [
      ...new Set(
        [...read('app-config.production.yaml').matchAll(/\$\{(\w+)\}/g)].map(
          m => m[1],
        ),
      ),
    ];
    assert.ok(vars.length > 5);
    const plain = new Set(
      (values.backstage.extraEnvVars ?? []).map(e => e.name),
    );
    // With postgresql.enabled the chart sets these from its sub-chart.
    const byChart = new Set(
      values.postgresql.enabled
        ? [
            'POSTGRES_HOST',
            'POSTGRES_PORT',
            'POSTGRES_USER',
            'POSTGRES_PASSWORD',
          ]
        : [],
    );
    // Secret keys are listed in the comment above extraEnvVarsSecrets (a Secret is never committed).
    const secretComment = valuesText.slice(
      0,
      valuesText.indexOf('extraEnvVarsSecrets:'),
    );
    const missing = vars.filter(
      v =>
        !plain.has(v) &&
        !byChart.has(v) &&
        !new RegExp(`\\b${v}\\b`).test(secretComment),
    );
    assert.deepEqual(
      missing,
      [],
      `deploy/helm/values.yaml gives no value for ${missing.join(', ')}`,
    );
    const undocumented = vars.filter(v => !docs.includes(v));
    assert.deepEqual(
      undocumented,
      [],
      `docs/deploying.md does not name ${undocumented.join(', ')}`,
    );
  });
});
