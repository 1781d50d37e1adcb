import { reconcileFile } from '.';
import { enc, hash } from './__testUtils__';

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
