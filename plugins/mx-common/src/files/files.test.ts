import { createHash } from 'node:crypto';
import {
  FileReconcileDecision,
  applyFileRecords,
  basePathOf,
  matchesAnyGlob,
  mergeThreeWay,
  reconcileFile,
  reportOf,
  sha256Hex,
  summarizeReconcile,
} from '.';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b?: Uint8Array) => (b ? new TextDecoder().decode(b) : undefined);
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

const DEVSPACE_V1 = `version: v2beta1
name: fraud-detection

vars:
  GCP_PROJECT: acme-fraud-42
  REGION: europe-west4

deployments:
  training-infrastructure:
    kubectl:
      manifests:
        - infrastructure/kubernetes/mlflow/
  cuda-drivers:
    kubectl:
      manifests:
        - infrastructure/kubernetes/nvidia/
`;
// The distributed-training generator adds a deployment at the end.
const DEVSPACE_V2 = `${DEVSPACE_V1}  training-operator:
    kubectl:
      manifests:
        - infrastructure/kubernetes/training-operator/
`;
// The user added a variable of their own near the top.
const DEVSPACE_USER = DEVSPACE_V1.replace(
  '  REGION: europe-west4\n',
  '  REGION: europe-west4\n  IMAGE_TAG: dev\n',
);

const managed = (over: Partial<Parameters<typeof reconcileFile>[0]> = {}) =>
  reconcileFile({
    path: 'devspace.yaml',
    generator: 'distributed-training',
    mode: 'managed',
    ...over,
  });
const record = (text: string, ..._generators: string[]) => ({
  mode: 'managed' as const,
  sha256: hash(text),
});

describe('sha256Hex', () => {
  it.each([
    '',
    'abc',
    DEVSPACE_V1,
    'é✓'.repeat(100),
    'x'.repeat(55),
    'x'.repeat(56),
    'x'.repeat(64),
  ])('matches node:crypto for %#', text => {
    expect(sha256Hex(text)).toBe(hash(text));
    expect(sha256Hex(enc(text))).toBe(hash(text));
  });
});

describe('matchesAnyGlob', () => {
  it('matches files, single-segment and recursive globs from the repository root', () => {
    const globs = ['devspace.yaml', 'infrastructure/**', 'conf/*.yaml'];
    expect(matchesAnyGlob('devspace.yaml', globs)).toBe(true);
    expect(matchesAnyGlob('infrastructure/terraform/gke.tf', globs)).toBe(true);
    expect(matchesAnyGlob('conf/config.yaml', globs)).toBe(true);
    expect(matchesAnyGlob('conf/sub/config.yaml', globs)).toBe(false);
    expect(matchesAnyGlob('docs/devspace.yaml', globs)).toBe(false);
    expect(matchesAnyGlob('devspace_yaml', globs)).toBe(false);
    expect(matchesAnyGlob('a/b/c.tf', ['**/*.tf'])).toBe(true);
    expect(matchesAnyGlob('c.tf', ['**/*.tf'])).toBe(true);
  });
});

describe('mergeThreeWay', () => {
  it('combines a user edit and a render change on different lines of devspace.yaml', () => {
    const r = mergeThreeWay({
      base: DEVSPACE_V1,
      render: DEVSPACE_V2,
      edited: DEVSPACE_USER,
    });
    expect(r.clean).toBe(true);
    expect(r.text).toContain('  IMAGE_TAG: dev\n');
    expect(r.text).toContain('  training-operator:\n');
    expect(r.text).toBe(
      DEVSPACE_V2.replace(
        '  REGION: europe-west4\n',
        '  REGION: europe-west4\n  IMAGE_TAG: dev\n',
      ),
    );
  });

  it('marks both sides of a change to the same line', () => {
    const r = mergeThreeWay({
      base: DEVSPACE_V1,
      render: DEVSPACE_V1.replace('europe-west4', 'us-central1'),
      edited: DEVSPACE_V1.replace('europe-west4', 'europe-west1'),
    });
    expect(r.clean).toBe(false);
    expect(r.conflicts).toBe(1);
    expect(r.text).toContain(
      '<<<<<<< yours (the file in the repository)\n  REGION: europe-west1\n=======\n  REGION: us-central1\n>>>>>>> MX (the new render)\n',
    );
  });
});

describe('reconcileFile: managed', () => {
  it('creates an absent file with its record and base copy', () => {
    const d = managed({ rendered: enc(DEVSPACE_V1) });
    expect(d.action).toBe('create');
    expect(dec(d.write)).toBe(DEVSPACE_V1);
    expect(d.record).toEqual(record(DEVSPACE_V1, 'distributed-training'));
    expect(d.base).toEqual({ write: enc(DEVSPACE_V1) });
  });

  it('overwrites a file the user has not touched since our last render', () => {
    const d = managed({
      rendered: enc(DEVSPACE_V2),
      current: enc(DEVSPACE_V1),
      record: record(DEVSPACE_V1),
      base: enc(DEVSPACE_V1),
    });
    expect(d.action).toBe('overwrite');
    expect(dec(d.write)).toBe(DEVSPACE_V2);
    expect(d.record?.sha256).toBe(hash(DEVSPACE_V2));
    expect(d.base).toEqual({ write: enc(DEVSPACE_V2) });
  });

  it('three-way merges an edited devspace.yaml and records the new render as the base', () => {
    const d = managed({
      rendered: enc(DEVSPACE_V2),
      current: enc(DEVSPACE_USER),
      record: record(DEVSPACE_V1),
      base: enc(DEVSPACE_V1),
    });
    expect(d.action).toBe('merge');
    expect(dec(d.write)).toContain('IMAGE_TAG: dev');
    expect(dec(d.write)).toContain('training-operator:');
    expect(d.record?.sha256).toBe(hash(DEVSPACE_V2));
    expect(d.base).toEqual({ write: enc(DEVSPACE_V2) });

    // Running again with the same render: nothing to do.
    const again = managed({
      rendered: enc(DEVSPACE_V2),
      current: d.write,
      record: d.record,
      base: enc(DEVSPACE_V2),
    });
    expect(again.action).toBe('unchanged');
    expect(again.write).toBeUndefined();
    expect(again.base).toBe('keep');
    expect(again.record).toEqual(d.record);
  });

  it('leaves a conflicting edit as the user had it, keeps the old base and shows the conflict', () => {
    const user = DEVSPACE_V1.replace('europe-west4', 'europe-west1');
    const d = managed({
      rendered: enc(DEVSPACE_V1.replace('europe-west4', 'us-central1')),
      current: enc(user),
      record: record(DEVSPACE_V1),
      base: enc(DEVSPACE_V1),
    });
    expect(d.action).toBe('conflict');
    expect(d.write).toBeUndefined();
    expect(d.delete).toBeUndefined();
    expect(d.record).toEqual(record(DEVSPACE_V1));
    expect(d.base).toBe('keep');
    expect(d.reason).toContain('same lines');
    expect(d.conflictText).toContain('REGION: us-central1');
  });

  it('reports a conflict when an edited file has no usable base copy', () => {
    const d = managed({
      rendered: enc(DEVSPACE_V2),
      current: enc(DEVSPACE_USER),
      record: record(DEVSPACE_V1),
    });
    expect(d.action).toBe('conflict');
    expect(d.reason).toContain(basePathOf('devspace.yaml'));
    expect(d.write).toBeUndefined();
  });

  it('reports a conflict for a file MX never rendered that differs from the render', () => {
    const d = managed({
      rendered: enc(DEVSPACE_V2),
      current: enc('# my own devspace\n'),
    });
    expect(d.action).toBe('conflict');
    expect(d.record).toBeUndefined();
    expect(d.write).toBeUndefined();
  });

  it('is unchanged when the file already is the render, and adopts a missing record and base', () => {
    const d = managed({
      rendered: enc(DEVSPACE_V1),
      current: enc(DEVSPACE_V1),
    });
    expect(d.action).toBe('unchanged');
    expect(d.record).toEqual(record(DEVSPACE_V1, 'distributed-training'));
    expect(d.base).toEqual({ write: enc(DEVSPACE_V1) });
    const again = managed({
      rendered: enc(DEVSPACE_V1),
      current: enc(DEVSPACE_V1),
      record: d.record,
      base: enc(DEVSPACE_V1),
    });
    expect(again.base).toBe('keep');
    expect(again.record).toEqual(d.record);
  });

  it('keeps a managed file the user deleted deleted', () => {
    const d = managed({
      rendered: enc(DEVSPACE_V2),
      record: record(DEVSPACE_V1),
      base: enc(DEVSPACE_V1),
    });
    expect(d.action).toBe('skip');
    expect(d.write).toBeUndefined();
    expect(d.record).toEqual(record(DEVSPACE_V1));
  });

  it('does not merge binary files', () => {
    const bin = (n: number) => new Uint8Array([0, 1, 2, n]);
    const d = reconcileFile({
      path: 'model.bin',
      generator: 'ml-project',
      mode: 'managed',
      rendered: bin(3),
      current: bin(4),
      record: {
                mode: 'managed',
        sha256: sha256Hex(bin(5)),
      },
      base: bin(5),
    });
    expect(d.action).toBe('conflict');
    expect(d.reason).toContain('binary');
  });
});

describe('reconcileFile: seeded', () => {
  const seeded = (over: Partial<Parameters<typeof reconcileFile>[0]> = {}) =>
    reconcileFile({
      path: 'trainer.py',
      generator: 'ml-project',
      mode: 'seeded',
      rendered: enc('print("train")\n'),
      ...over,
    });

  it('creates an absent seeded file and records it without a base copy', () => {
    const d = seeded();
    expect(d.action).toBe('create');
    expect(d.record).toEqual({
            mode: 'seeded',
      sha256: hash('print("train")\n'),
    });
    expect(d.base).toBe('keep');
  });

  it('never overwrites a seeded file that exists', () => {
    const d = seeded({
      current: enc('print("my trainer")\n'),
      record: {
                mode: 'seeded',
        sha256: hash('print("train")\n'),
      },
    });
    expect(d.action).toBe('skip');
    expect(d.write).toBeUndefined();
    expect(d.reason).toContain('yours');
  });

  it('does not re-create a seeded file the user deleted', () => {
    const d = seeded({
      record: {
                mode: 'seeded',
        sha256: hash('print("train")\n'),
      },
    });
    expect(d.action).toBe('skip');
    expect(d.write).toBeUndefined();
  });

  it('is unchanged when the seeded file is still as rendered', () => {
    expect(seeded({ current: enc('print("train")\n') }).action).toBe(
      'unchanged',
    );
  });
});

describe('reconcileFile: removal', () => {
  const removal = (over: Partial<Parameters<typeof reconcileFile>[0]> = {}) =>
    reconcileFile({
      path: 'infrastructure/kubernetes/old.yaml',
      generator: 'ml-project',
      mode: 'managed',
      ...over,
    });

  it('removes a file the generator owned and the user did not touch, with its record and base', () => {
    const d = removal({
      current: enc('kind: Old\n'),
      record: record('kind: Old\n'),
      base: enc('kind: Old\n'),
    });
    expect(d.action).toBe('remove');
    expect(d.delete).toBe(true);
    expect(d.record).toBeUndefined();
    expect(d.base).toBe('delete');
  });

  it('keeps an edited file, reports it and stops recording it', () => {
    const d = removal({
      current: enc('kind: Old\n# mine\n'),
      record: record('kind: Old\n'),
    });
    expect(d.action).toBe('keep');
    expect(d.delete).toBeUndefined();
    expect(d.record).toBeUndefined();
    expect(d.reason).toContain('edited');
  });

  it('records the same generator set whatever order the generators ran in', () => {
    const first = managed({ rendered: enc(DEVSPACE_V1) });
    const a = reconcileFile({
      path: 'devspace.yaml',
      generator: 'seldon-serving',
      mode: 'managed',
      rendered: enc(DEVSPACE_V1),
      current: enc(DEVSPACE_V1),
      record: first.record,
      base: enc(DEVSPACE_V1),
    });
    const second = reconcileFile({
      path: 'devspace.yaml',
      generator: 'seldon-serving',
      mode: 'managed',
      rendered: enc(DEVSPACE_V1),
    });
    const b = managed({
      rendered: enc(DEVSPACE_V1),
      current: enc(DEVSPACE_V1),
      record: second.record,
      base: enc(DEVSPACE_V1),
    });
    expect(a.record).toEqual(b.record);
  });

  it('is unchanged when the file and its record are already gone', () => {
    expect(removal().action).toBe('unchanged');
  });
});

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
      '- `cloudbuild.yaml` — your edits and the new render change the same lines',
    );
    expect(md).toContain('<<<<<<< yours');
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
