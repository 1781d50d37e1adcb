import {
  answerChangesSection,
  describeAnswerChanges,
  destructiveChanges,
  resolveAnswers,
} from './answers';

const defaults = { workers: 2, gpusPerWorker: 1, gpuType: 'nvidia-l4' };
const recorded = { workers: 8, gpusPerWorker: 4, gpuType: 'nvidia-tesla-a100' };

describe('resolveAnswers', () => {
  it('keeps every recorded answer when only the project is sent', () => {
    const r = resolveAnswers({
      sent: { project: 'component:default/churn' },
      recorded,
      defaults,
    });
    expect(r.values).toMatchObject(recorded);
    expect(r.sources).toMatchObject({
      workers: 'recorded',
      gpuType: 'recorded',
    });
    expect(r.changes).toEqual([]);
  });

  it('treats an empty form field as not sent', () => {
    const r = resolveAnswers({
      sent: { workers: '', gpuType: null },
      recorded,
      defaults,
    });
    expect(r.values).toMatchObject({
      workers: 8,
      gpuType: 'nvidia-tesla-a100',
    });
  });

  it('lists exactly the recorded answers a run changes', () => {
    const r = resolveAnswers({
      sent: { ...recorded, workers: 2 },
      recorded,
      defaults,
    });
    expect(r.values.workers).toBe(2);
    expect(r.changes).toEqual([{ key: 'workers', from: 8, to: 2 }]);
    expect(describeAnswerChanges(r.changes)).toEqual(['workers: 8 → 2']);
    expect(answerChangesSection(r.changes)).toBe(
      'Changed answers:\n- workers: 8 → 2',
    );
  });

  it('falls back to the template defaults for a generator never applied, with no changes', () => {
    const r = resolveAnswers({ sent: { workers: 4 }, defaults });
    expect(r.values).toEqual({
      workers: 4,
      gpusPerWorker: 1,
      gpuType: 'nvidia-l4',
    });
    expect(r.sources).toEqual({
      workers: 'sent',
      gpusPerWorker: 'default',
      gpuType: 'default',
    });
    expect(r.changes).toEqual([]);
    expect(answerChangesSection(r.changes)).toBe('');
  });

  it('compares structured answers by value', () => {
    const r = resolveAnswers({
      sent: { domains: ['a.test', 'b.test'] },
      recorded: { domains: ['a.test', 'b.test'] },
    });
    expect(r.changes).toEqual([]);
  });
});

describe('destructiveChanges', () => {
  it('keeps the changes of answers marked destructive, with the reason', () => {
    const changes = [
      { key: 'workers', from: 8, to: 2 },
      { key: 'gpuType', from: 'nvidia-tesla-a100', to: 'nvidia-l4' },
    ];
    expect(
      destructiveChanges(changes, [
        { key: 'gpuType', reason: 'the node pool is replaced' },
      ]),
    ).toEqual([
      {
        key: 'gpuType',
        from: 'nvidia-tesla-a100',
        to: 'nvidia-l4',
        reason: 'the node pool is replaced',
      },
    ]);
  });
});
