import { basePathOf, reconcileFile, sha256Hex } from '.';
import {
  DEVSPACE_USER,
  DEVSPACE_V1,
  DEVSPACE_V2,
  dec,
  enc,
  hash,
  managed,
  record,
} from './__testUtils__';

// A managed file: MX keeps it up to date and merges the user's edits with each new render.
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
    expect(d.record).toEqual({
      mode: 'managed',
      sha256: hash(DEVSPACE_V2),
      merge: 'structural',
    });
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

  it("keeps the user's value of a YAML key both sides changed, reports its path and both values, and keeps the old base", () => {
    const user = DEVSPACE_V1.replace('europe-west4', 'europe-west1');
    const d = managed({
      rendered: enc(DEVSPACE_V1.replace('europe-west4', 'us-central1')),
      current: enc(user),
      record: record(DEVSPACE_V1),
      base: enc(DEVSPACE_V1),
    });
    expect(d.action).toBe('conflict');
    expect(d.merge).toBe('structural');
    expect(d.write).toBeUndefined();
    expect(d.delete).toBeUndefined();
    expect(d.record).toEqual(record(DEVSPACE_V1));
    expect(d.base).toBe('keep');
    expect(d.reason).toContain('yours kept');
    expect(d.structural?.conflicts).toEqual([
      expect.objectContaining({
        path: 'vars.REGION',
        yours: 'europe-west1',
        mx: 'us-central1',
        base: 'europe-west4',
      }),
    ]);
  });

  it('merges the rest of a YAML file around a conflict', () => {
    const user = DEVSPACE_V1.replace('europe-west4', 'europe-west1');
    const d = managed({
      rendered: enc(DEVSPACE_V2.replace('europe-west4', 'us-central1')),
      current: enc(user),
      record: record(DEVSPACE_V1),
      base: enc(DEVSPACE_V1),
    });
    expect(d.action).toBe('conflict');
    expect(dec(d.write)).toBe(
      `${user}  training-operator:\n    kubectl:\n      manifests:\n        - infrastructure/kubernetes/training-operator/\n`,
    );
    expect(d.base).toBe('keep');
  });

  it('leaves a conflicting edit of a text file as the user had it and shows the line conflict', () => {
    const v1 = 'FROM python:3.11\nRUN pip install mlflow\n';
    const d = reconcileFile({
      path: 'Dockerfile.train',
      generator: 'distributed-training',
      mode: 'managed',
      rendered: enc(v1.replace('3.11', '3.12')),
      current: enc(v1.replace('3.11', '3.10')),
      record: record(v1),
      base: enc(v1),
    });
    expect(d.action).toBe('conflict');
    expect(d.merge).toBe('line');
    expect(d.write).toBeUndefined();
    expect(d.record).toEqual(record(v1));
    expect(d.base).toBe('keep');
    expect(d.reason).toContain('same lines');
    expect(d.conflictText).toContain('FROM python:3.12');
  });

  it('falls back to the line merge, saying why, when the user broke the YAML', () => {
    const broken = DEVSPACE_USER.replace('vars:\n', 'vars: [\n');
    const d = managed({
      rendered: enc(DEVSPACE_V2),
      current: enc(broken),
      record: record(DEVSPACE_V1),
      base: enc(DEVSPACE_V1),
    });
    expect(d.merge).toBe('line');
    expect(d.lineMergeBecause).toMatch(/^your file is not valid YAML \(.+line/);
    expect(d.reason).toContain('merged line by line instead');
    expect(d.action).toBe('merge');
    expect(dec(d.write)).toContain('training-operator:');
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
