// Browser: the real app (built, served by the backend) in headless Chromium. A project applied
// distributed training with 8 workers x 4 A100. "Re-run" on its MX project tab opens the form
// with those answers; submitted as it opens, the run makes no commit. On the Create page, picking
// the project shows what the template defaults would change (the GPU type called out as
// destructive). A project that recorded an older version shows the upgrade notice. A generator
// registered at runtime from its own repository is offered under "Add capability".
// Screenshots go to $MX_SCREENSHOT_DIR if set.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { api, startBackend } from './lib/backend.mjs';
import {
  ensureAppBuilt,
  gitEnvAs,
  launchBrowser,
  navigate,
  signInAsGuest,
} from './lib/ui.mjs';
import {
  generatorTemplate,
  registerGeneratorRepository,
} from './lib/generators.mjs';

const shotDir = process.env.MX_SCREENSHOT_DIR;
const NAME = 'vision-rerun';
const PROJECT_REF = `component:default/${NAME}`;
const RECORDED = { workers: 8, gpusPerWorker: 4, gpuType: 'nvidia-tesla-a100' };

describe('re-run forms in a browser', () => {
  let backend;
  let browser;
  let page;
  let client;
  let token;
  let remote;

  const shot = async file => {
    if (!shotDir) return;
    await fs.mkdir(shotDir, { recursive: true });
    await page.screenshot({ path: path.join(shotDir, file), fullPage: true });
  };
  const git = (args, cwd) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', env: gitEnvAs(token) });
  const head = () =>
    git(['ls-remote', remote, 'refs/heads/main']).split('\t')[0];
  const openMxTab = async () => {
    // Leave the page first: the tab loads the state when it mounts.
    await navigate(page, '/catalog');
    await navigate(page, `/catalog/default/component/${NAME}/mx`);
    await page
      .getByRole('table', { name: 'Generators' })
      .waitFor({ timeout: 60_000 });
    await page
      .getByRole('cell', { name: /Distributed training/ })
      .first()
      .waitFor();
  };

  before(async () => {
    ensureAppBuilt();
    // A short state cache, so the page sees the pushed state soon.
    backend = await startBackend({
      serveApp: true,
      extraConfig: '  state:\n    cacheTtlSeconds: 1\n',
    });
    token = await backend.token();
    client = api(backend.baseUrl, token);
    await client.waitForEntity('template:default/distributed-training');
    const created = await client.runTask('template:default/ml-project', {
      name: NAME,
      client: 'Umbrella Corp',
      owner: 'group:default/ml-engineers',
      engineers: ['user:default/ada'],
      gcpProjectId: 'umbrella-rerun-01',
      region: 'europe-west4',
      description: 'Re-run forms',
    });
    assert.equal(created.task?.status, 'completed');
    await client.waitForEntity(PROJECT_REF);
    const grown = await client.runTask(
      'template:default/distributed-training',
      {
        project: PROJECT_REF,
        ...RECORDED,
      },
    );
    assert.equal(grown.task?.status, 'completed');
    remote = `${backend.baseUrl}/api/mx-git-host/repos/${NAME}.git`;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signInAsGuest(page, backend.baseUrl);
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it('Re-run opens the form with the recorded answers; submitted as it opens it makes no commit', async () => {
    await openMxTab();
    await page
      .getByRole('button', {
        name: 'Re-run Distributed training (Kubeflow PyTorchJob)',
      })
      .click();
    // The project picker fills in from formData once the catalog answers.
    await page
      .getByLabel(/^ML project/)
      .first()
      .waitFor();
    await page.waitForFunction(
      name => document.querySelector('#root_project')?.value?.includes(name),
      NAME,
      { timeout: 30_000 },
    );
    await page.getByRole('button', { name: /^next/i }).click();
    const workers = page.getByLabel(/^Workers/).first();
    await workers.waitFor({ timeout: 30_000 }).catch(async e => {
      await shot('error-rerun-01.png');
      throw e;
    });
    assert.equal(await workers.inputValue(), '8');
    await page.getByText('NVIDIA A100 40 GB (a2-highgpu)').first().waitFor();
    const note = page.getByRole('region', { name: 'Recorded answers' });
    await note
      .getByText(/The form holds its recorded answers/)
      .waitFor({ timeout: 30_000 });
    await shot('rerun-01-prefilled-form.png');

    const before = head();
    await page.getByRole('button', { name: /^review/i }).click();
    await page.getByRole('button', { name: /^create/i }).click();
    await page
      .getByText(/Open in catalog/i)
      .first()
      .waitFor({ timeout: 180_000 });
    assert.equal(head(), before, 'no commit: nothing changed');
  });

  it('on the Create page, picking the project lists what the defaults would change', async () => {
    await navigate(page, '/create/templates/default/distributed-training');
    const project = page.getByLabel(/^ML project/).first();
    await project.waitFor();
    // EntityPicker selects (and locks) the only ML project of the catalog by itself.
    await page.waitForTimeout(1000);
    if (await project.isEnabled()) {
      await project.click();
      await project.fill(NAME);
      await page
        .getByRole('option', { name: new RegExp(NAME) })
        .first()
        .click();
    }
    assert.match(await project.inputValue(), new RegExp(NAME));
    await page.getByRole('button', { name: /^next/i }).click();
    const note = page.getByRole('region', { name: 'Recorded answers' });
    await note
      .getByText('workers: 8 → 2')
      .waitFor({ timeout: 30_000 })
      .catch(async e => {
        await shot('error-rerun-02.png');
        throw e;
      });
    await note
      .getByText(/gpuType: nvidia-tesla-a100 → nvidia-l4 — destroys data/)
      .waitFor();
    await shot('rerun-02-create-page-changes.png');
    const href = await note
      .getByText('Load the recorded answers')
      .locator('xpath=ancestor::a')
      .getAttribute('href');
    const formData = JSON.parse(
      new URL(href, backend.baseUrl).searchParams.get('formData'),
    );
    assert.deepEqual(formData, { ...RECORDED, project: PROJECT_REF });
  });

  it('shows the upgrade notice when the template is newer than the recorded version', async () => {
    // The project recorded an older distributed-training (as after a template release).
    const work = path.join(backend.tmp, 'older');
    git(['clone', '--quiet', remote, work]);
    const file = path.join(work, '.mx/state.yaml');
    const text = await fs.readFile(file, 'utf8');
    const older = text.replace(
      /(\n  distributed-training:\n    version: )1\.0\.0/,
      '$10.9.0',
    );
    assert.notEqual(older, text, 'the recorded version was found');
    await fs.writeFile(file, older);
    git(['commit', '--quiet', '-am', 'Recorded 0.9.0'], work);
    git(['push', '--quiet', 'origin', 'HEAD:main'], work);

    const deadline = Date.now() + 60_000;
    for (;;) {
      await openMxTab();
      if (await page.getByText('1.0.0 available').count()) break;
      if (Date.now() > deadline)
        throw new Error('no upgrade notice after 60 s');
      await page.waitForTimeout(5000);
    }
    const notice = page.getByRole('note', {
      name: 'What changed in Distributed training (Kubeflow PyTorchJob)',
    });
    await notice.waitFor();
    assert.match(await notice.textContent(), /1\.0\.0 is newer than 0\.9\.0/);
    await page
      .getByRole('button', {
        name: 'Upgrade Distributed training (Kubeflow PyTorchJob)',
      })
      .waitFor();
    await page
      .getByRole('table', { name: 'Generators' })
      .scrollIntoViewIfNeeded();
    await shot('rerun-03-upgrade-notice.png');
  });

  it('lists a generator registered at runtime under "Add capability"', async () => {
    await registerGeneratorRepository({
      backend,
      client,
      repo: 'venture-generators',
      template: generatorTemplate({
        name: 'venture-model-cards',
        title: 'Model cards (venture team)',
        version: '0.1.0',
      }),
    });
    await client.waitForEntity('template:default/venture-model-cards');
    await openMxTab();
    const add = page.getByRole('button', {
      name: 'Add capability Model cards (venture team)',
    });
    await add.waitFor({ timeout: 30_000 });
    const href = await add.getAttribute('href');
    assert.ok(
      href.startsWith(
        '/create/templates/default/venture-model-cards?formData=',
      ),
      href,
    );
    await add.scrollIntoViewIfNeeded();
    await shot('rerun-04-runtime-generator.png');
  });
});
