import { orderGenerators } from '../checks/composition';
import { findTemplateLeftovers } from '../validators';
import { FixedClock, KIT_CLOCK, KIT_CLOCK_RERUN } from './clock';
import { run } from './exec';
import { diffTrees, isEmptyDiff } from './tree';

describe('orderGenerators', () => {
  const requires: Record<string, string[]> = {
    'seldon-serving': ['deployment-infrastructure'],
    'streamlit-app': ['deployment-infrastructure'],
    'deployment-infrastructure': ['ml-project'],
    cloudbuild: [],
  };
  const names = Object.keys(requires);

  it('respects prerequisites with either tie-break', () => {
    const a = orderGenerators(
      names,
      n => requires[n],
      (x, y) => x.localeCompare(y),
    );
    const b = orderGenerators(
      names,
      n => requires[n],
      (x, y) => y.localeCompare(x),
    );
    expect(a.order).toEqual([
      'cloudbuild',
      'deployment-infrastructure',
      'seldon-serving',
      'streamlit-app',
    ]);
    expect(b.order).toEqual([
      'deployment-infrastructure',
      'streamlit-app',
      'seldon-serving',
      'cloudbuild',
    ]);
    expect(a.unsatisfiable).toEqual([]);
  });

  it('reports a cycle', () => {
    const r = orderGenerators(
      ['a', 'b'],
      n => (n === 'a' ? ['b'] : ['a']),
      () => 0,
    );
    expect(r.order).toEqual([]);
    expect(r.unsatisfiable.sort()).toEqual(['a', 'b']);
  });
});

describe('findTemplateLeftovers', () => {
  it('finds ${{ and {% with the line', () => {
    expect(findTemplateLeftovers('a\nname: ${{ values.name }}\n')).toMatch(
      /'\$\{\{' at line 2/,
    );
    expect(findTemplateLeftovers('{% if x %}')).toMatch(/'\{%' at line 1/);
    expect(
      findTemplateLeftovers('image: ${IMAGE}\n{{ .Values.x }}'),
    ).toBeUndefined();
  });
});

describe('diffTrees', () => {
  it('lists and diffs the differences', () => {
    const before = new Map([
      ['a.txt', Buffer.from('one\ntwo\n')],
      ['gone.txt', Buffer.from('x')],
    ]);
    const after = new Map([
      ['a.txt', Buffer.from('one\nthree\n')],
      ['new.txt', Buffer.from('y')],
    ]);
    const d = diffTrees(before, after);
    expect(d.changed).toEqual(['a.txt']);
    expect(d.removed).toEqual(['gone.txt']);
    expect(d.added).toEqual(['new.txt']);
    expect(d.patch).toContain('-two');
    expect(d.patch).toContain('+three');
    expect(isEmptyDiff(diffTrees(before, new Map(before)))).toBe(true);
  });
});

describe('FixedClock', () => {
  it('returns the time it was set to, and refuses a time that is not ISO', () => {
    const clock = new FixedClock();
    expect(clock.now().toISOString()).toBe(KIT_CLOCK);
    clock.set(KIT_CLOCK_RERUN);
    expect(clock.now().toISOString()).toBe(KIT_CLOCK_RERUN);
    expect(() => clock.set('yesterday')).toThrow(/Not an ISO time: yesterday/);
    // the process's own clock is untouched
    expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1000);
    expect(new Date().getFullYear()).toBeGreaterThan(2025);
    expect(Date.now()).not.toBe(Date.parse(KIT_CLOCK_RERUN));
  });
});

describe('run', () => {
  it('returns the exit code of a program that exits without reading its input', async () => {
    // 8 MB does not fit in the pipe: the write is still going when `true` exits (EPIPE)
    const input = 'x'.repeat(8 * 1024 * 1024);
    for (let i = 0; i < 3; i++) {
      await expect(run('true', [], { input })).resolves.toMatchObject({
        code: 0,
      });
    }
  });
});
