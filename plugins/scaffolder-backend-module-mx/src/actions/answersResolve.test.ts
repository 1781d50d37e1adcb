import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { captureLogger } from '../__testUtils__';
import { outputsOf, runAction } from '../__testUtils__/project';
import { createAnswersResolveAction } from './answersResolve';

const defaults = { workers: 2, gpusPerWorker: 1, gpuType: 'nvidia-l4' };
const state = {
  generators: {
    'distributed-training': {
      version: '1.0.0',
      values: { workers: 8, gpusPerWorker: 4, gpuType: 'nvidia-tesla-a100' },
    },
  },
};
const destructive = 'gpuType: the GPU node pool is replaced';

async function run(input: Record<string, unknown>) {
  const log = captureLogger();
  const ctx = createMockActionContext({
    input: {
      generatorId: 'distributed-training',
      defaults,
      destructive,
      ...input,
    } as any,
    logger: log.logger,
  });
  await runAction(createAnswersResolveAction(), ctx);
  return { out: outputsOf(ctx), log };
}

describe('mx:answers:resolve', () => {
  it('keeps the recorded answers when the run sends only the project', async () => {
    const { out, log } = await run({
      state,
      values: { project: 'component:default/churn' },
    });
    expect(out.values).toEqual({
      workers: 8,
      gpusPerWorker: 4,
      gpuType: 'nvidia-tesla-a100',
    });
    expect(out.changes).toEqual([]);
    expect(out.changesSection).toBe('');
    expect(log.text()).toContain(
      'kept the recorded workers, gpusPerWorker, gpuType',
    );
  });

  it('names a changed answer and warns when it destroys data', async () => {
    const { out, log } = await run({
      state,
      values: { workers: 8, gpusPerWorker: 4, gpuType: 'nvidia-l4' },
    });
    expect(out.changes).toEqual(['gpuType: nvidia-tesla-a100 → nvidia-l4']);
    expect(out.destructive).toEqual([
      'gpuType: nvidia-tesla-a100 → nvidia-l4 (the GPU node pool is replaced)',
    ]);
    expect(out.changesSection).toBe(
      'Changed answers:\n- gpuType: nvidia-tesla-a100 → nvidia-l4\n\nDestroys data — review before applying:\n- gpuType: nvidia-tesla-a100 → nvidia-l4 (the GPU node pool is replaced)',
    );
    expect(log.lines()).toContain(
      'warn: Destructive change: gpuType: nvidia-tesla-a100 → nvidia-l4 (the GPU node pool is replaced)',
    );
  });

  it('lists a non-destructive change without a warning', async () => {
    const { out, log } = await run({
      state,
      values: { workers: 2 },
    });
    expect(out.values.workers).toBe(2);
    expect(out.changes).toEqual(['workers: 8 → 2']);
    expect(out.destructive).toEqual([]);
    expect(log.text()).not.toContain('warn:');
  });

  it('uses the template defaults for a generator never applied', async () => {
    const { out } = await run({
      state: { generators: {} },
      values: { workers: 3, project: 'component:default/churn' },
    });
    expect(out.values).toEqual({ ...defaults, workers: 3 });
    expect(out.changes).toEqual([]);
  });

  it('counts the project answers the generator asks for as recorded, and names a required answer left out', async () => {
    const base = {
      generatorId: 'deployment-infrastructure',
      defaults: { baseDomain: null, dnsZone: null, dnsProject: null },
      destructive: '',
      projectAnswers: 'baseDomain',
      required: ['baseDomain', 'dnsZone'],
    };
    const rerun = await run({
      ...base,
      state: {
        project: { baseDomain: 'labs.example.com' },
        generators: {
          'deployment-infrastructure': { values: { dnsZone: 'labs-zone' } },
        },
      },
      values: { baseDomain: 'ml.example.com' },
    });
    expect(rerun.out.values).toEqual({
      baseDomain: 'ml.example.com',
      dnsZone: 'labs-zone',
    });
    expect(rerun.out.changes).toEqual([
      'baseDomain: labs.example.com → ml.example.com',
    ]);
    await expect(
      run({ ...base, state: { project: {}, generators: {} }, values: {} }),
    ).rejects.toThrow(
      'deployment-infrastructure needs baseDomain, dnsZone: answer them in the form (the project has no recorded value)',
    );
  });

  it("reads the project and destructive answers from the running template's annotations (the scaffolder gives templateInfo to actions, not to ${{ }})", async () => {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: {
        generatorId: 'deployment-infrastructure',
        defaults: { baseDomain: null, dnsZone: null, diskGb: 10 },
        required: ['baseDomain', 'dnsZone'],
        state: {
          project: { baseDomain: 'labs.example.com' },
          generators: {
            'deployment-infrastructure': {
              values: { dnsZone: 'labs-zone', diskGb: 20 },
            },
          },
        },
        values: { diskGb: 10 },
      } as any,
      templateInfo: {
        entityRef: 'template:default/deployment-infrastructure',
        entity: {
          metadata: {
            name: 'deployment-infrastructure',
            annotations: {
              'mx.backstage.io/project-answers': 'baseDomain',
              'mx.backstage.io/destructive-answers':
                'diskGb: the disk is recreated empty\n',
            },
          },
        },
      },
      logger: log.logger,
    });
    await runAction(createAnswersResolveAction(), ctx);
    const out = outputsOf(ctx);
    // baseDomain is recorded at project level: not re-asked, not a missing required answer
    expect(out.values).toEqual({
      baseDomain: 'labs.example.com',
      dnsZone: 'labs-zone',
      diskGb: 10,
    });
    expect(out.destructive).toEqual([
      'diskGb: 20 → 10 (the disk is recreated empty)',
    ]);
    expect(log.lines()).toContain(
      'warn: Destructive change: diskGb: 20 → 10 (the disk is recreated empty)',
    );
  });
});
