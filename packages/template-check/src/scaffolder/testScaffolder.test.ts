import YAML from 'yaml';
import { KIT_CLOCK, KIT_CLOCK_RERUN } from '../lib/clock';
import { KIT_USER_REF, startScaffolderUnderTest } from './testScaffolder';

jest.setTimeout(120_000);

/** A template with only mx:state:merge: it records the time of the run as `appliedAt`. */
const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'clock-probe' },
  spec: {
    owner: 'group:default/ml-team',
    type: 'service',
    steps: [
      {
        id: 'state',
        action: 'mx:state:merge',
        input: {
          generatorId: 'ml-project',
          generatorVersion: '1.0.0',
          project: {
            name: 'clock-probe',
            client: 'Acme',
            owner: 'group:default/ml-team',
            gcpProjectId: 'acme-clock-42',
            region: 'europe-west4',
          },
        },
      },
    ],
  },
};

function appliedAt(files: { path: string; base64Content: string }[]) {
  const state = files.find(f => f.path === '.mx/state.yaml');
  if (!state) throw new Error('the dry run wrote no .mx/state.yaml');
  const doc = YAML.parse(Buffer.from(state.base64Content, 'base64').toString());
  return doc.generators['ml-project'].appliedAt;
}

describe('the scaffolder under test', () => {
  it("gives the mx actions the time each dry run asks for, without touching the process's Date", async () => {
    const scaffolder = await startScaffolderUnderTest();
    try {
      scaffolder.setCatalogEntities([
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: KIT_USER_REF.split('/')[1], namespace: 'default' },
          spec: { memberOf: ['group:default/ml-team'] },
        },
      ]);
      const run = (at?: string) =>
        scaffolder.dryRun({
          template,
          values: {},
          directoryContents: [],
          ...(at ? { at } : {}),
        });
      // concurrent dry runs each see their own time
      const [first, later, byDefault] = await Promise.all([
        run(KIT_CLOCK),
        run(KIT_CLOCK_RERUN),
        run(),
      ]);
      for (const r of [first, later, byDefault])
        expect(r.error).toBeUndefined();
      expect(appliedAt(first.directoryContents)).toBe(KIT_CLOCK);
      expect(appliedAt(later.directoryContents)).toBe(KIT_CLOCK_RERUN);
      expect(appliedAt(byDefault.directoryContents)).toBe(KIT_CLOCK);
      expect(new Date().getTime()).toBeGreaterThan(Date.parse(KIT_CLOCK_RERUN));
    } finally {
      await scaffolder.stop();
    }
  });
});
