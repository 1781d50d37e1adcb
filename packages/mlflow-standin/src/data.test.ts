import { generateStandInData } from './data';

describe('generateStandInData', () => {
  it('generates the same runs for the same seed and different ones for another seed', () => {
    const a = generateStandInData({ runs: 50, seed: 7 });
    const b = generateStandInData({ runs: 50, seed: 7 });
    const c = generateStandInData({ runs: 50, seed: 8 });
    expect(b.runs).toEqual(a.runs);
    expect(c.runs.map(r => r.metrics[0].value)).not.toEqual(
      a.runs.map(r => r.metrics[0].value),
    );
  });

  it('spreads runs round-robin over the named experiments', () => {
    const data = generateStandInData({ runs: 9, experiments: ['a', 'b', 'c'] });
    expect(data.experiments.map(e => e.name)).toEqual(['a', 'b', 'c']);
    expect(data.runs.map(r => r.experiment_id)).toEqual('123123123'.split(''));
  });

  it('gives runs that have not ended no end time', () => {
    const data = generateStandInData({ runs: 200 });
    const open = data.runs.filter(
      r => r.status === 'RUNNING' || r.status === 'SCHEDULED',
    );
    expect(open.length).toBeGreaterThan(0);
    expect(open.every(r => r.end_time === undefined)).toBe(true);
  });

  it("ends a metric's history on the run's last logged value", () => {
    const data = generateStandInData({ runs: 3 });
    const run = data.runs[1];
    const history = data.history(run.run_id, 'rmse')!;
    const last = run.metrics.find(m => m.key === 'rmse')!;
    expect(history).toHaveLength(last.step + 1);
    expect(history[history.length - 1].value).toBe(last.value);
    expect(data.history(run.run_id, 'no-such-metric')).toEqual([]);
    expect(data.history('no-such-run', 'rmse')).toBeUndefined();
  });
});
