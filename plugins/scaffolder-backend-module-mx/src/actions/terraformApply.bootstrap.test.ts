import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import { filesContaining, writeStandIn } from '../__testUtils__';
import { TERRAFORM_STAND_IN } from '../__testUtils__/standIns';
import {
  OWNER,
  initGitRepo,
  PROJECT_REF,
  runAction,
  seedState,
  testCatalog,
} from '../__testUtils__/project';
import { createLocalPlanStore } from '../lib/planStore';
import { createTerraformApplyAction } from './terraformApply';

jest.setTimeout(120_000);

const config = new ConfigReader({
  mx: { admins: { groups: ['group:default/platform'] } },
});

describe('mx:terraform:apply state bucket bootstrap (gcloud stand-in)', () => {
  const root = createMockDirectory();

  it('creates the bucket only when gcloud says it does not exist, then inits the GCS backend', async () => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(path.join(workspace, 'infrastructure/terraform'), {
      recursive: true,
    });
    await seedState(workspace);
    await initGitRepo(workspace);
    const bin = root.resolve('bin');
    // Stand-in for gcloud (Cloud SDK 528): `storage buckets describe` of a missing bucket prints
    // "ERROR: (gcloud.storage.buckets.describe) gs://<b> not found: 404." and exits 1;
    // `storage buckets create` prints "Creating gs://<b>/..." on stderr and exits 0.
    const gcloud = await writeStandIn(
      bin,
      'gcloud',
      `record();
       if (argv[0] === 'storage' && argv[2] === 'describe') {
         if (fs.existsSync(${JSON.stringify(
           path.join(bin, 'bucket-exists'),
         )})) { console.log(argv[3].slice(5)); process.exit(0); }
         console.error('ERROR: (gcloud.storage.buckets.describe) ' + argv[3] + ' not found: 404.'); process.exit(1);
       }
       if (argv[0] === 'storage' && argv[2] === 'create') {
         fs.writeFileSync(${JSON.stringify(
           path.join(bin, 'bucket-exists'),
         )}, '');
         console.error('Creating ' + argv[3] + '/...'); process.exit(0);
       }
       process.exit(2);`,
    );
    // Stand-in for terraform (a GCS backend needs the network): answers like terraform 1.11.
    const terraform = await writeStandIn(bin, 'terraform', TERRAFORM_STAND_IN);
    const runner = createCliRunner({
      tools: {
        gcloud: { path: gcloud.path },
        terraform: { path: terraform.path },
      },
    });
    const run = async () => {
      const ctx = createMockActionContext({
        input: {
          entityRef: PROJECT_REF,
          bootstrapBucket: true,
          credentialsSecret: 'gcp',
        },
        workspacePath: workspace,
        user: OWNER,
        secrets: {
          gcp: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----mx-key-1234"}',
        },
      });
      await runAction(
        createTerraformApplyAction({
          runner,
          catalog: testCatalog(),
          config,
          plans: {
            store: createLocalPlanStore(root.resolve('plans')),
            maxAgeMs: 3_600_000,
            maxAge: '1h',
          },
        }),
        ctx,
      );
      return ctx;
    };
    await run();
    await run();
    const calls = await gcloud.calls();
    expect(calls.map(c => c.argv)).toEqual([
      [
        'storage',
        'buckets',
        'describe',
        'gs://acme-fraud-42-tfstate',
        '--project=acme-fraud-42',
        '--format=value(name)',
      ],
      [
        'storage',
        'buckets',
        'create',
        'gs://acme-fraud-42-tfstate',
        '--project=acme-fraud-42',
        '--location=europe-west4',
        '--uniform-bucket-level-access',
      ],
      [
        'storage',
        'buckets',
        'describe',
        'gs://acme-fraud-42-tfstate',
        '--project=acme-fraud-42',
        '--format=value(name)',
      ],
    ]);
    // gcloud got the key through a credential file override, removed after the run.
    expect(calls[0].env.CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE).toMatch(
      /gcloud-credentials$/,
    );
    await expect(
      fs.access(calls[0].env.CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE),
    ).rejects.toThrow();
    const tfCalls = (await terraform.calls()).map(c => c.argv);
    expect(tfCalls).toContainEqual([
      'init',
      '-input=false',
      '-no-color',
      '-reconfigure',
      '-backend-config=bucket=acme-fraud-42-tfstate',
      '-backend-config=prefix=mx/fraud-detection',
    ]);
    expect((await terraform.calls())[1].env.GOOGLE_CREDENTIALS).toContain(
      'service_account',
    );
    expect(await filesContaining(workspace, 'mx-key-1234')).toEqual([]);
  });
});
