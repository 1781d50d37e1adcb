import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { JsonObject } from '@backstage/types';
import { createCliRunner } from '../cli/runner';
import { writeStandIn } from '../__testUtils__';
import { createLocalPlanStore } from '../lib/planStore';
import {
  OWNER,
  initGitRepo,
  outputsOf,
  runAction,
  seedState,
  testCatalog,
} from '../__testUtils__/project';
import { TERRAFORM_STAND_IN } from '../__testUtils__/standIns';
import { createTerraformApplyAction } from './terraformApply';
import { examples } from './terraformApply.examples';

// Each example runs git and the terraform stand-in (several processes): more than jest's 5 s on
// a loaded machine.
jest.setTimeout(60_000);

describe('mx:terraform:apply examples', () => {
  const root = createMockDirectory();

  it.each(examples)('runs: $description', async example => {
    root.clear();
    const workspace = root.resolve('workspace');
    await fs.mkdir(path.join(workspace, 'infrastructure/terraform'), {
      recursive: true,
    });
    await seedState(workspace);
    await initGitRepo(workspace);
    // The examples use the GCS backend, which needs the network: terraform and gcloud are
    // stand-ins here (see ../testUtils/standIns.ts); terraformApply.test.ts runs the real terraform.
    const terraform = await writeStandIn(
      root.resolve('bin'),
      'terraform',
      TERRAFORM_STAND_IN,
    );
    const gcloud = await writeStandIn(
      root.resolve('bin'),
      'gcloud',
      `record(); if (argv[2] === 'describe') { console.log('acme-fraud-42-tfstate'); process.exit(0); } process.exit(1);`,
    );
    const step = yaml.parse(example.example).steps[0];
    const action = createTerraformApplyAction({
      runner: createCliRunner({
        tools: {
          terraform: { path: terraform.path },
          gcloud: { path: gcloud.path },
        },
      }),
      catalog: testCatalog(),
      config: new ConfigReader({}),
      plans: {
        store: createLocalPlanStore(root.resolve('plans')),
        maxAgeMs: 3_600_000,
        maxAge: '1h',
      },
      // An apply example names its plan: the plan run before it saves the plan under that id.
      newId: () => step.input.planId ?? '00000000-0000-4000-8000-000000000000',
    });
    const run = async (input: JsonObject) => {
      const ctx = createMockActionContext({
        input,
        workspacePath: workspace,
        user: OWNER,
        secrets: { gcpCredentials: 'ya29.example-token' },
      });
      await runAction(action, ctx);
      return outputsOf(ctx);
    };
    // An apply example needs the plan it names: a plan run first saves it under that id.
    const { planId, ...planInput } = step.input;
    const planned = planId ? await run(planInput) : undefined;
    expect(planned?.planId).toBe(planId);
    const out = await run(step.input);
    expect(out.add).toBe(1);
    expect(out.applied).toBe(step.input.planId !== undefined);
    const argv = (await terraform.calls()).map(c => c.argv);
    expect(argv).toContainEqual(
      expect.arrayContaining(['-backend-config=prefix=mx/fraud-detection']),
    );
    expect(
      argv
        .find(a => a[0] === (step.input.planId ? 'apply' : 'plan'))!
        .filter(a => a.startsWith('-lock-timeout=')),
    ).toEqual(
      step.input.lockTimeout ? [`-lock-timeout=${step.input.lockTimeout}`] : [],
    );
    expect(
      (await gcloud.calls()).filter(c => c.argv[1] === 'buckets').length,
    ).toBe(step.input.bootstrapBucket ? 1 : 0);
  });
});
