// Browser: the real app (built, served by the backend) in headless Chromium.
// - "Re-run" on the ML project row of a project's MX project tab opens the ML project template
//   filled with the recorded answers (not an empty create form); submitted as it opens, it makes
//   no commit.
// - After a platform team releases ml-project 1.1.0, the "MX upgrades" page (sidebar) lists the
//   three projects with what changed; "Upgrade 3 selected projects" lands one commit each and the
//   result card lists the one conflict (the file name) of the project whose user edited the same
//   lines. Screenshots go to $MX_SCREENSHOT_DIR if set (rerun-05-bulk-upgrade.png: the result).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { api, startBackend } from './lib/backend.mjs';
import { gitAs } from './lib/git.mjs';
import { registerGeneratorRepository } from './lib/generators.mjs';
import { ARTIFACTS_END, LIFECYCLE, STORAGE, mlProjectNextVersion } from './lib/upgrades.mjs';
import { ensureAppBuilt, launchBrowser, navigate, signInAsGuest } from './lib/ui.mjs';

const shotDir = process.env.MX_SCREENSHOT_DIR;
const PROJECTS = ['vision-alpha', 'vision-beta', 'vision-gamma'];
const CONFLICTING = 'vision-gamma';
const refOf = name => `component:default/${name}`;

describe('ML project re-run and bulk upgrade in a browser', () => {
  let backend;
  let browser;
  let page;
  let client;
  let git;
  const remote = name => `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`;
  const head = name => git(['ls-remote', remote(name), 'refs/heads/main']).split('\t')[0];
  const shot = async file => {
    if (!shotDir) return;
    await fs.mkdir(shotDir, { recursive: true });
    await page.screenshot({ path: path.join(shotDir, file), fullPage: true });
  };

  before(async () => {
    ensureAppBuilt();
    backend = await startBackend({
      serveApp: true,
      extraConfig: '  state:\n    cacheTtlSeconds: 1\n',
    });
    const token = await backend.token();
    client = api(backend.baseUrl, token);
    git = gitAs(token, { name: 'Ada', email: 'ada@example.com' });
    await client.waitForEntity('template:default/ml-project');
    for (const name of PROJECTS) {
      const created = await client.runTask('template:default/ml-project', {
        name,
        client: 'Umbrella Corp',
        owner: 'group:default/ml-engineers',
        engineers: ['user:default/ada'],
        gcpProjectId: 'umbrella-vision-01',
        region: 'europe-west4',
        description: `Vision ${name}`,
      });
      assert.equal(created.task?.status, 'completed', JSON.stringify(created.created?.json ?? created.task));
      await client.waitForEntity(refOf(name));
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signInAsGuest(page, backend.baseUrl);
  });

  after(async () => {
    await browser?.close();
    await backend?.stop();
  });

  it('Re-run on the ML project row opens the template with the recorded answers; as it opens, no commit', async () => {
    const name = PROJECTS[0];
    await navigate(page, '/catalog');
    await navigate(page, `/catalog/default/component/${name}/mx`);
    await page.getByRole('table', { name: 'Generators' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Re-run ML project' }).click();
    const nameField = page.locator('#root_name');
    await nameField.waitFor({ timeout: 60_000 });
    assert.equal(await nameField.inputValue(), name);
    assert.equal(await page.locator('#root_client').inputValue(), 'Umbrella Corp');
    assert.equal(await page.locator('#root_description').inputValue(), `Vision ${name}`);
    await shot('rerun-06-ml-project-form.png');

    const before = head(name);
    await page.getByRole('button', { name: /^next/i }).click();
    await page.getByLabel(/^GCP project id/).first().waitFor();
    assert.equal(await page.getByLabel(/^GCP project id/).first().inputValue(), 'umbrella-vision-01');
    await page.getByRole('button', { name: /^review/i }).click();
    await page.getByRole('button', { name: /^create/i }).click();
    await page.getByText(/Nothing changed: the project already has this skeleton/).waitFor({ timeout: 180_000 });
    assert.equal(head(name), before, 'no commit: nothing changed');
  });

  it('MX upgrades lists the outdated projects and upgrades them in one go, one conflict listed (screenshot)', async () => {
    // The user of one project added a lifecycle rule exactly where 1.1.0 adds versioning.
    const dir = path.join(backend.tmp, `clone-${CONFLICTING}`);
    git(['clone', '--quiet', remote(CONFLICTING), dir]);
    const file = path.join(dir, STORAGE);
    const edited = (await fs.readFile(file, 'utf8')).replace(ARTIFACTS_END, ARTIFACTS_END + LIFECYCLE);
    await fs.writeFile(file, edited);
    git(['commit', '--quiet', '-am', 'Delete artifacts after 90 days'], dir);
    git(['push', '--quiet', 'origin', 'HEAD:main'], dir);
    const heads = Object.fromEntries(PROJECTS.map(n => [n, head(n)]));

    const repo = 'platform-ml-project';
    const next = await mlProjectNextVersion(`${backend.baseUrl}/api/mx-git-host/repos/${repo}/tree/main/skeleton`);
    await registerGeneratorRepository({ backend, client, repo, ...next });
    await client.waitForEntity('template:default/ml-project-next');

    await navigate(page, '/catalog');
    await page.getByRole('link', { name: 'MX upgrades' }).first().click();
    const table = page.getByRole('table', { name: 'Outdated projects of ML project' });
    await table.waitFor({ timeout: 60_000 });
    await page.getByRole('note', { name: 'What changed in ML project' }).getByText(/1\.1\.0: Versioning on the artifacts bucket/).waitFor();
    await page.getByRole('button', { name: 'Upgrade 3 selected projects to 1.1.0' }).click();

    const results = page.getByRole('table', { name: 'Upgrade results' });
    await results.waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => {
        const t = document.querySelector('table[aria-label="Upgrade results"]');
        return t && !t.textContent.includes('running') && t.querySelectorAll('tbody tr').length === 3;
      },
      undefined,
      { timeout: 300_000 },
    );
    // The result as it is (taken before the assertions, so a failing run shows what went wrong).
    await shot('rerun-05-bulk-upgrade.png');
    for (const name of PROJECTS) {
      const row = results.getByRole('row', { name: `Upgrade of ${name}` });
      const text = await row.textContent();
      assert.match(text, /upgraded/, text);
      if (name === CONFLICTING) assert.match(text, /infrastructure\/terraform\/storage\.tf/, text);
      else assert.match(text, /none$/, text);
      assert.notEqual(head(name), heads[name], `${name}: a commit`);
    }
    assert.match(await page.getByText(/3 upgraded/).first().textContent(), /3 upgraded · 1 conflict/);
    // The user's file is exactly as they pushed it.
    git(['pull', '--quiet', '--ff-only'], dir);
    assert.equal(await fs.readFile(file, 'utf8'), edited);
  });
});
