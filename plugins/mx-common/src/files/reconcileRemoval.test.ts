import { reconcileFile } from '.';
import { DEVSPACE_V1, enc, managed, record } from './__testUtils__';

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
