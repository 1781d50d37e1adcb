// End to end: the real backend (embedded default) creates an ML project through the scaffolder
// API as a guest user, publishes it to the local git host, registers it in the catalog; then a
// plain `git clone` reads it back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { api, startBackend } from './lib/backend.mjs';

const values = {
  name: 'fraud-detection',
  client: 'Acme Bank',
  owner: 'group:default/ml-engineers',
  engineers: ['user:default/ada'],
  gcpProjectId: 'acme-fraud-42',
  region: 'europe-west4',
  description: 'Detect fraudulent card transactions',
};

const git = (args, cwd) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('ml-project on the embedded default', () => {
  let backend;
  let client;
  let created;
  let cloneDir;

  before(async () => {
    backend = await startBackend();
    client = api(backend.baseUrl, await backend.token());
    await client.waitForEntity('template:default/ml-project');
    created = await client.runTask('template:default/ml-project', values);
    cloneDir = path.join(backend.tmp, 'clone');
  });

  after(async () => {
    await backend?.stop();
  });

  it('completes the task and links the repository and the catalog entity', () => {
    const failed = (created.events ?? [])
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n');
    assert.equal(created.task?.status, 'completed', failed);
    const completion = created.events.find(e => e.type === 'completion');
    assert.ok(completion, 'a completion event');
  });

  it('publishes a repository that plain git clone reads', async () => {
    const remote = `${backend.baseUrl}/api/mx-git-host/repos/fraud-detection.git`;
    git(['clone', '--quiet', remote, cloneDir]);
    const log = git(['log', '--format=%s'], cloneDir).trim().split('\n');
    assert.deepEqual(log, ['Create fraud-detection with the ml-project generator']);
    const files = git(['ls-files'], cloneDir).trim().split('\n');
    for (const f of [
      '.mx/state.yaml',
      'README.md',
      'Dockerfile',
      'MLproject',
      'trainer.py',
      'conf/config.yaml',
      'Makefile',
      'pyproject.toml',
      '.pre-commit-config.yaml',
      'devspace.yaml',
      'catalog-info.yaml',
      'mlflow/kubernetes_job_template.yaml',
      'mlflow/kubernetes_config.json',
      'docs/conf.py',
      'infrastructure/terraform/gke.tf',
      'infrastructure/terraform/backend.hcl',
      'infrastructure/kubernetes/mlflow/mlflow.yaml',
      'infrastructure/kubernetes/nvidia/driver-installer.yaml',
      'src/fraud_detection/__init__.py',
    ]) {
      assert.ok(files.includes(f), `${f} is in the repository`);
    }
    assert.ok(!files.some(f => f.includes('${{')), 'no unrendered file names');
  });

  it('records every answer in .mx/state.yaml', async () => {
    const state = YAML.parse(await fs.readFile(path.join(cloneDir, '.mx/state.yaml'), 'utf8'));
    assert.equal(state.apiVersion, 'mx.backstage.io/v1alpha1');
    assert.deepEqual(state.project, {
      name: 'fraud-detection',
      client: 'Acme Bank',
      description: 'Detect fraudulent card transactions',
      owner: 'group:default/ml-engineers',
      engineers: ['user:default/ada'],
      gcpProjectId: 'acme-fraud-42',
      region: 'europe-west4',
    });
    assert.equal(state.generators['ml-project'].version, '1.0.0');
    assert.equal(state.generators['ml-project'].appliedBy, 'user:default/guest');
    assert.deepEqual(state.infrastructure.backend, {
      bucket: 'acme-fraud-42-tfstate',
      prefix: 'mx/fraud-detection',
    });
    assert.deepEqual(Object.keys(state.deployments).sort(), ['cuda-drivers', 'training-infrastructure']);
  });

  it('refuses a push without a Backstage token', async () => {
    await fs.writeFile(path.join(cloneDir, 'NOTES.md'), 'anonymous change\n');
    git(['add', 'NOTES.md'], cloneDir);
    execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@example.com', 'commit', '-qm', 'anonymous'], { cwd: cloneDir });
    assert.throws(
      () =>
        execFileSync('git', ['push', 'origin', 'HEAD:main'], {
          cwd: cloneDir,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
          stdio: 'pipe',
        }),
      /401|Authentication failed|could not read Username/,
    );
    git(['reset', '--quiet', '--hard', 'HEAD~1'], cloneDir);
  });

  it('renders terraform that terraform itself accepts as formatted', () => {
    execFileSync('terraform', ['fmt', '-check', '-recursive', 'infrastructure/terraform'], {
      cwd: cloneDir,
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      stdio: 'pipe',
    });
    const backendHcl = execFileSync('cat', ['infrastructure/terraform/backend.hcl'], { cwd: cloneDir, encoding: 'utf8' });
    assert.match(backendHcl, /bucket = "acme-fraud-42-tfstate"/);
  });

  it('renders Python that compiles', () => {
    execFileSync('python3', ['-m', 'py_compile', 'trainer.py', 'docs/conf.py', 'src/fraud_detection/__init__.py'], {
      cwd: cloneDir,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: 'pipe',
    });
  });

  it('registers an ml-project component in the catalog', async () => {
    const entity = await client.waitForEntity('component:default/fraud-detection');
    assert.equal(entity.spec.type, 'ml-project');
    assert.equal(entity.spec.owner, 'group:default/ml-engineers');
    assert.equal(entity.metadata.annotations['mx.backstage.io/gcp-project'], 'acme-fraud-42');
    assert.match(
      entity.metadata.annotations['backstage.io/managed-by-location'],
      /\/api\/mx-git-host\/repos\/fraud-detection\//,
    );
  });

  it('refuses a second project with the same name and leaves the repository untouched', async () => {
    const before = git(['ls-remote', `${backend.baseUrl}/api/mx-git-host/repos/fraud-detection.git`]);
    const again = await client.runTask('template:default/ml-project', { ...values, client: 'Someone Else' });
    assert.equal(again.task.status, 'failed');
    const messages = again.events.map(e => e.body.message ?? '').join('\n');
    assert.match(messages, /repository named 'fraud-detection' already exists .* left untouched/);
    const afterRefs = git(['ls-remote', `${backend.baseUrl}/api/mx-git-host/repos/fraud-detection.git`]);
    assert.equal(afterRefs, before);
  });

  it('rejects invalid answers posted straight to the API, naming the field and the rule', async () => {
    const bad = await client.runTask('template:default/ml-project', {
      ...values,
      name: 'other-project',
      gcpProjectId: 'Bad_Project',
    });
    assert.equal(bad.created.status, 400, bad.created.text);
    assert.match(bad.created.text, /gcpProjectId/);
    assert.match(bad.created.text, /pattern/);
    const badRegion = await client.runTask('template:default/ml-project', {
      ...values,
      name: 'other-project',
      region: 'moon-west1',
    });
    assert.equal(badRegion.created.status, 400, badRegion.created.text);
    assert.match(badRegion.created.text, /region/);
  });
});
