import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { PendingPlan } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import { writeStandIn } from '../__testUtils__';
import {
  PlanStore,
  createGcsPlanStore,
  createLocalPlanStore,
  readTerraformPlanSettings,
} from './planStore';

const location = {
  project: 'fraud-detection',
  bucket: 'acme-fraud-42-tfstate',
  prefix: 'mx/fraud-detection',
};

const record = (id: string): PendingPlan => ({
  id,
  project: 'fraud-detection',
  entityRef: 'component:default/fraud-detection',
  createdAt: '2026-11-28T12:00:00.000Z',
  createdBy: 'user:default/ada',
  commit: 'a'.repeat(40),
  workingDirectory: 'infrastructure/terraform',
  configHash: 'b'.repeat(64),
  planFileSha256: 'c'.repeat(64),
  add: 1,
  change: 0,
  destroy: 0,
  resources: ['+ terraform_data.bucket (create)'],
  rendered: '# terraform_data.bucket will be created',
});

/**
 * Stand-in for `gcloud storage` (Cloud SDK 528; gcloud cannot reach GCS here): objects are files
 * under a directory. `cat`/`cp` of a missing object exit 1 with the message of
 * googlecloudsdk/command_lib/storage/name_expansion.py, as the real CLI does.
 */
const GCLOUD_STORAGE_STAND_IN = (bucketsDir: string) => `record();
const path = require('node:path');
const root = ${JSON.stringify(bucketsDir)};
const local = u => u.startsWith('gs://') ? path.join(root, u.slice(5)) : u;
const missing = u => { console.error('ERROR: (gcloud.storage.' + argv[1] + ') The following URLs matched no objects or files:\\n-' + u); process.exit(1); };
if (argv[0] !== 'storage') process.exit(2);
if (argv[1] === 'cat') { if (!fs.existsSync(local(argv[2]))) missing(argv[2]); process.stdout.write(fs.readFileSync(local(argv[2]))); process.exit(0); }
if (argv[1] === 'cp') {
  if (!fs.existsSync(local(argv[2]))) missing(argv[2]);
  fs.mkdirSync(path.dirname(local(argv[3])), { recursive: true });
  fs.copyFileSync(local(argv[2]), local(argv[3]));
  console.error('Copying ' + argv[2] + ' to ' + argv[3]);
  process.exit(0);
}
if (argv[1] === 'rm') {
  const gone = argv.slice(2).filter(u => !fs.existsSync(local(u)));
  for (const u of argv.slice(2)) fs.rmSync(local(u), { force: true });
  if (gone.length) missing(gone[0]);
  process.exit(0);
}
process.exit(2);`;

describe('plan stores', () => {
  const root = createMockDirectory();

  async function exercise(store: PlanStore) {
    const planFile = root.resolve('first.tfplan');
    await fs.writeFile(planFile, 'PK first plan');
    expect(await store.get(location)).toBeUndefined();
    await store.remove(location); // nothing pending: no error

    await store.save(location, record('plan-1'), planFile);
    expect(await store.get(location)).toEqual(record('plan-1'));

    // One pending plan per project: a new plan replaces the old one, file and record.
    await fs.writeFile(planFile, 'PK second plan');
    await store.save(location, record('plan-2'), planFile);
    expect((await store.get(location))?.id).toBe('plan-2');
    const copy = root.resolve('copy.tfplan');
    await store.fetchPlanFile(location, copy);
    expect(await fs.readFile(copy, 'utf8')).toBe('PK second plan');

    // Another project's plan is separate.
    const other = {
      project: 'churn-model',
      bucket: 'acme-churn-tfstate',
      prefix: 'mx/churn-model',
    };
    expect(await store.get(other)).toBeUndefined();

    await store.remove(location);
    expect(await store.get(location)).toBeUndefined();
  }

  beforeEach(() => root.clear());

  it('local: keeps one pending plan per project in a directory', async () => {
    const store = createLocalPlanStore(root.resolve('plans'));
    await exercise(store);
    expect(store.describe(location)).toBe(
      path.join(root.resolve('plans'), 'fraud-detection'),
    );
  });

  it('local: refuses a project name that could leave its directory', async () => {
    const store = createLocalPlanStore(root.resolve('plans'));
    await expect(store.get({ ...location, project: '../etc' })).rejects.toThrow(
      "'../etc' is not a valid project name",
    );
  });

  it('gcs: keeps the plan beside the state in the project bucket through gcloud storage (stand-in)', async () => {
    const gcloud = await writeStandIn(
      root.resolve('bin'),
      'gcloud',
      GCLOUD_STORAGE_STAND_IN(root.resolve('buckets')),
    );
    const store = createGcsPlanStore({
      runner: createCliRunner({ tools: { gcloud: { path: gcloud.path } } }),
      tmpDir: root.resolve('.'),
    });
    await exercise(store);
    expect(store.describe(location)).toBe(
      'gs://acme-fraud-42-tfstate/mx/fraud-detection/mx-plan/',
    );
    const argv = (await gcloud.calls()).map(c => c.argv);
    expect(argv).toContainEqual([
      'storage',
      'cp',
      root.resolve('first.tfplan'),
      'gs://acme-fraud-42-tfstate/mx/fraud-detection/mx-plan/pending.tfplan',
    ]);
    expect(argv).toContainEqual([
      'storage',
      'cat',
      'gs://acme-fraud-42-tfstate/mx/fraud-detection/mx-plan/pending.json',
    ]);
    // The record is uploaded after the plan file, so a reader never finds a record without it.
    const uploads = argv
      .filter(a => a[1] === 'cp' && a[3].startsWith('gs://'))
      .map(a => path.basename(a[3]));
    expect(uploads).toEqual([
      'pending.tfplan',
      'pending.json',
      'pending.tfplan',
      'pending.json',
    ]);
  });

  it('gcs: reports an access error instead of "no plan"', async () => {
    const gcloud = await writeStandIn(
      root.resolve('bin'),
      'gcloud',
      `record(); console.error('ERROR: (gcloud.storage.cat) HTTPError 403: terraform@acme-fraud-42.iam.gserviceaccount.com does not have storage.objects.get access'); process.exit(1);`,
    );
    const store = createGcsPlanStore({
      runner: createCliRunner({ tools: { gcloud: { path: gcloud.path } } }),
    });
    await expect(store.get(location)).rejects.toThrow(
      'Could not read the pending plan gs://acme-fraud-42-tfstate/mx/fraud-detection/mx-plan/pending.json: ERROR: (gcloud.storage.cat) HTTPError 403',
    );
  });

  it('reads mx.terraform from config and explains a bad value', () => {
    const runner = createCliRunner();
    const settings = readTerraformPlanSettings(
      new ConfigReader({
        mx: {
          terraform: {
            planMaxAge: '90m',
            planStore: { type: 'local', directory: root.resolve('p') },
          },
        },
      }),
      runner,
    );
    expect(settings.maxAgeMs).toBe(90 * 60_000);
    expect(settings.store.describe(location)).toBe(
      path.join(root.resolve('p'), 'fraud-detection'),
    );
    expect(readTerraformPlanSettings(new ConfigReader({}), runner).maxAge).toBe(
      '24h',
    );
    expect(() =>
      readTerraformPlanSettings(
        new ConfigReader({ mx: { terraform: { planMaxAge: 'a day' } } }),
        runner,
      ),
    ).toThrow(
      "mx.terraform.planMaxAge 'a day' is not a duration: use a number and a unit, like 24h, 90m or 2d",
    );
    expect(() =>
      readTerraformPlanSettings(
        new ConfigReader({ mx: { terraform: { planStore: { type: 's3' } } } }),
        runner,
      ),
    ).toThrow("mx.terraform.planStore.type 's3' is not supported");
  });
});
