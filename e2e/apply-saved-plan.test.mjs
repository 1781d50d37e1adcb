// End to end: "Apply infrastructure" on the real backend (embedded default). A plan-only run saves
// the pending plan and makes no commit; the project backend shows that plan; "Apply this plan"
// (the template again with the plan id) applies exactly it and records the outputs in one commit;
// the same plan id is then refused. With MX_SCREENSHOT_DIR set, the pending plan is also opened on
// the MX project tab in headless Chromium and its card saved as pending-plan-card.png.
// terraform is a STAND-IN here (the project's GCS backend and
// google provider need the network); the action's own tests run the real terraform.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, startBackend } from './lib/backend.mjs';
import { ensureAppBuilt, launchBrowser, navigate, signInAsGuest } from './lib/ui.mjs';

const shotDir = process.env.MX_SCREENSHOT_DIR;

// Stand-in for terraform 1.11 (the same contract as plugins/scaffolder-backend-module-mx/src/testUtils/
// standIns.ts): plan writes the plan file and exits 2 (changes); show -json lists one create;
// state pull prints the state's serial and lineage; apply and output answer as terraform does.
const TERRAFORM_STAND_IN = `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(__filename + '.calls', argv.join(' ') + '\\n');
const cmd = argv[0];
if (cmd === 'version') { console.log('Terraform v1.11.4\\non linux_amd64'); process.exit(0); }
if (cmd === 'init') { console.log('Terraform has been successfully initialized!'); process.exit(0); }
if (cmd === 'plan') { fs.writeFileSync(argv.find(a => a.startsWith('-out=')).slice(5), 'PK stand-in plan'); console.log('Plan: 1 to add, 0 to change, 0 to destroy.'); process.exit(2); }
if (cmd === 'show' && argv.includes('-json')) { console.log(JSON.stringify({ resource_changes: [{ address: 'google_storage_bucket.data', change: { actions: ['create'] } }] })); process.exit(0); }
if (cmd === 'show') { console.log('Terraform will perform the following actions:\\n\\n  # google_storage_bucket.data will be created\\n  + resource "google_storage_bucket" "data" {\\n      + location                    = "EUROPE-WEST4"\\n      + name                        = "acme-fraud-42-data"\\n      + uniform_bucket_level_access = true\\n    }\\n\\nPlan: 1 to add, 0 to change, 0 to destroy.'); process.exit(0); }
if (cmd === 'state') { console.log(JSON.stringify({ version: 4, serial: 3, lineage: 'e2e-lineage' })); process.exit(0); }
if (cmd === 'apply') { console.log('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.'); process.exit(0); }
if (cmd === 'output') { console.log(JSON.stringify({ data_bucket: { sensitive: false, type: 'string', value: 'acme-fraud-42-data' } })); process.exit(0); }
console.error('stand-in: unexpected ' + argv.join(' ')); process.exit(1);
`;

const name = 'plan-review';
const project = `component:default/${name}`;

describe('apply-infrastructure applies the reviewed saved plan', () => {
  let backend;
  let client;
  let terraform;
  let tmp;
  const remote = () => `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`;
  const heads = () => execFileSync('git', ['ls-remote', remote(), 'refs/heads/*'], { encoding: 'utf8' });
  const messages = run => (run.events ?? []).map(e => e.body?.message ?? '').join('\n');
  const outputOf = run => run.events.find(e => e.type === 'completion')?.body?.output;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-e2e-tf-'));
    terraform = path.join(tmp, 'terraform');
    await fs.writeFile(terraform, TERRAFORM_STAND_IN, { mode: 0o755 });
    if (shotDir) ensureAppBuilt();
    backend = await startBackend({
      serveApp: Boolean(shotDir),
      extraConfig: `  tools:
    terraform:
      path: ${JSON.stringify(terraform)}
  terraform:
    planMaxAge: 1h
    planStore:
      type: local
      directory: ${JSON.stringify(path.join(tmp, 'plans'))}
`,
    });
    client = api(backend.baseUrl, await backend.token());
    await client.waitForEntity('template:default/apply-infrastructure');
    const created = await client.runTask('template:default/ml-project', {
      name,
      client: 'Acme Bank',
      owner: 'group:default/ml-engineers',
      engineers: ['user:default/ada'],
      gcpProjectId: 'acme-fraud-42',
      region: 'europe-west4',
    });
    assert.equal(created.task?.status, 'completed', messages(created));
    await client.waitForEntity(project);
  });

  after(async () => {
    await backend?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  let planId;

  it('plans without a commit and keeps the plan as the pending plan', async () => {
    const before = heads();
    const planned = await client.runTask('template:default/apply-infrastructure', {
      project,
      bootstrapStateBucket: false,
    });
    assert.equal(planned.task.status, 'completed', messages(planned));
    assert.equal(heads(), before, 'a plan-only run pushes nothing');
    assert.match(messages(planned), /Skipping step push/);
    const output = outputOf(planned);
    const apply = output.links.find(l => l.title === 'Apply this plan');
    planId = JSON.parse(new URL(apply.url, 'http://x').searchParams.get('formData')).planId;
    assert.match(planId, /^[0-9a-f-]{36}$/);
    assert.match(output.text.find(t => t.title === 'Next steps').content, /applies exactly this plan/);
    assert.match(output.text.find(t => t.title === 'Full plan').content, /google_storage_bucket\.data will be created/);

    const shown = await client.get(`/api/mx-project/projects/default/${name}/plan`);
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.json.plan.id, planId);
    assert.equal(shown.json.plan.add, 1);
    assert.equal(shown.json.applyUrl, apply.url);
  });

  it('shows the pending plan on the MX project tab (screenshot)', { skip: !shotDir && 'MX_SCREENSHOT_DIR not set' }, async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await signInAsGuest(page, backend.baseUrl);
      await navigate(page, `/catalog/default/component/${name}/mx`);
      const card = page.locator('.MuiCard-root').filter({ hasText: 'Pending infrastructure plan' }).first();
      await card.getByText('Full plan (terraform show)').click({ timeout: 60_000 });
      await card.getByText('google_storage_bucket.data will be created').waitFor();
      const button = card.getByRole('button', { name: 'Apply this plan' });
      assert.equal(
        await button.getAttribute('href'),
        `/create/templates/default/apply-infrastructure?formData=${encodeURIComponent(JSON.stringify({ project, planId }))}`,
      );
      await fs.mkdir(shotDir, { recursive: true });
      await card.screenshot({ path: path.join(shotDir, 'pending-plan-card.png') });
    } finally {
      await browser.close();
    }
  });

  it('applies exactly that plan, records the outputs in one commit, and consumes the plan', async () => {
    const before = heads();
    const applied = await client.runTask('template:default/apply-infrastructure', {
      project,
      planId,
      bootstrapStateBucket: false,
    });
    assert.equal(applied.task.status, 'completed', messages(applied));
    assert.notEqual(heads(), before, 'the apply pushes the recorded outputs');
    const calls = await fs.readFile(`${terraform}.calls`, 'utf8');
    const applies = calls.split('\n').filter(l => l.startsWith('apply '));
    assert.equal(applies.length, 1);
    assert.match(applies[0], /mx\.tfplan$/, 'apply got the saved plan file');
    assert.equal(calls.split('\n').filter(l => l.startsWith('plan ')).length, 1, 'no second plan');
    const shown = await client.get(`/api/mx-project/projects/default/${name}/plan`);
    assert.deepEqual(shown.json, {});

    const again = await client.runTask('template:default/apply-infrastructure', {
      project,
      planId,
      bootstrapStateBucket: false,
    });
    assert.equal(again.task.status, 'failed');
    assert.match(messages(again), /has no pending plan/);
  });
});
