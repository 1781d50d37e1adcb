import {
  FileReconcileDecision,
  applyFileRecords,
  reconcileFile,
  reportOf,
  summarizeReconcile,
} from '.';
import { DEVSPACE_V1, enc, hash, managed, record } from './__testUtils__';

// What a run reports: the state's records after it, the lists by outcome and the markdown.
describe('records, report and summary', () => {
  it('updates state.files from the decisions and summarizes them for a pull request', () => {
    const decisions: FileReconcileDecision[] = [
      managed({ rendered: enc(DEVSPACE_V1) }),
      reconcileFile({
        path: 'old.yaml',
        generator: 'distributed-training',
        mode: 'managed',
        current: enc('x\n'),
        record: record('x\n', 'distributed-training'),
      }),
      managed({
        path: 'cloudbuild.yaml',
        rendered: enc('steps: [b]\n'),
        current: enc('steps: [c]\n'),
        record: record('steps: [a]\n'),
        base: enc('steps: [a]\n'),
      }),
    ];
    const files = applyFileRecords(
      {
        'old.yaml': record('x\n', 'distributed-training'),
        'README.md': {
          mode: 'seeded',
          sha256: hash('r'),
        },
      },
      decisions,
    );
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'cloudbuild.yaml',
      'devspace.yaml',
    ]);
    expect(reportOf(decisions)).toMatchObject({
      created: ['devspace.yaml'],
      removed: ['old.yaml'],
      conflicts: ['cloudbuild.yaml'],
    });
    const md = summarizeReconcile('distributed-training', decisions);
    expect(md).toContain('**1 conflict left for you to resolve**');
    expect(md).toContain(
      '- `cloudbuild.yaml` — 1 value you changed was also changed by the new render: yours kept',
    );
    expect(md).toContain(
      '  - `steps`: kept yours `["c"]`; MX wanted `["b"]` (you and MX both changed this list at the same place)',
    );
    expect(md).toContain('### Removed (1)\n- `old.yaml`');
  });

  it('says so when nothing changes', () => {
    const d = managed({
      rendered: enc(DEVSPACE_V1),
      current: enc(DEVSPACE_V1),
      record: record(DEVSPACE_V1, 'distributed-training'),
      base: enc(DEVSPACE_V1),
    });
    expect(summarizeReconcile('distributed-training', [d])).toContain(
      'No file changes',
    );
  });
});
