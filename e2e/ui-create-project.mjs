// Drives the real app in headless Debian Chromium as a user would: guest sign-in, Create,
// "ML project", fill the form, run it, open the new component. Saves screenshots.
// Usage: node e2e/ui-create-project.mjs [appUrl] [outDir]   (the app must be running: ./mx start)
import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const appUrl = process.argv[2] ?? 'http://localhost:3000';
const outDir = process.argv[3] ?? 'docs/screenshots';
const name = process.env.MX_PROJECT_NAME ?? `churn-model-${Date.now().toString(36).slice(-4)}`;
await fs.mkdir(outDir, { recursive: true });
const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-chromium-'));

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = context.pages()[0] ?? (await context.newPage());
const shot = async file => {
  await page.screenshot({ path: path.join(outDir, file), fullPage: true });
  console.log(`screenshot ${path.join(outDir, file)}`);
};

try {
  page.setDefaultNavigationTimeout(180_000);
  await page.goto(appUrl, { waitUntil: 'networkidle' });
  // Guest sign-in
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  await page.getByRole('link', { name: /^Create/ }).first().waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: /^Create/ }).first().click();
  await page.getByText('ML project', { exact: true }).first().waitFor({ timeout: 60_000 });
  await shot('01-create-templates.png');
  const card = page
    .locator('article, .MuiCard-root')
    .filter({ has: page.getByText('ML project', { exact: true }) })
    .first();
  await card.getByRole('button', { name: /choose/i }).click();

  await page.getByLabel(/^Name/).first().fill(name);
  await page.getByLabel(/^Client/).first().fill('Globex Retail');
  await page.getByLabel(/^Description/).first().fill('Predict customer churn from purchase history');
  const owner = page.getByLabel(/^Owner/).first();
  await owner.click();
  await owner.fill('ml-engineers');
  await page.getByRole('option', { name: /ml-engineers/ }).first().click();
  await shot('02-create-form-project.png');
  await page.getByRole('button', { name: /^next/i }).click();

  await page.getByLabel(/^GCP project id/).first().fill('globex-churn-7');
  await shot('03-create-form-gcp.png');
  await page.getByRole('button', { name: /^review/i }).click();
  await shot('04-create-review.png');
  await page.getByRole('button', { name: /^create/i }).click();

  await page.getByText(/Open in catalog/i).first().waitFor({ timeout: 120_000 });
  await shot('05-task-completed.png');
  await page.getByText(/Open in catalog/i).first().click();
  await page.getByText(name).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2000);
  await shot('06-entity-page.png');
  const mxTab = page.getByRole('tab', { name: /MX project/i });
  if (await mxTab.count()) {
    await mxTab.first().click();
    await page.waitForTimeout(3000);
    await shot('07-mx-project-tab.png');
  }
  console.log(`created ${name}`);
} catch (e) {
  await shot('error.png').catch(() => {});
  console.error(e);
  process.exitCode = 1;
} finally {
  await context.close();
  await fs.rm(userDataDir, { recursive: true, force: true });
}
