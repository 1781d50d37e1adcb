import {
  combinedFilterOf,
  initialRunsQuery,
  runsQueryReducer,
} from './runsQuery';

describe('runsQueryReducer', () => {
  const onThirdPage = [
    { type: 'nextPage', token: 't1', offset: 25 },
    { type: 'nextPage', token: 't2', offset: 50 },
  ].reduce(runsQueryReducer as any, initialRunsQuery);

  it('remembers each visited page so Previous goes back without a token', () => {
    expect(onThirdPage.pageIndex).toBe(2);
    expect(onThirdPage.pages).toEqual([
      { offset: 0 },
      { token: 't1', offset: 25 },
      { token: 't2', offset: 50 },
    ]);
    const back = runsQueryReducer(onThirdPage, { type: 'previousPage' });
    expect(back.pageIndex).toBe(1);
    const forward = runsQueryReducer(back, {
      type: 'nextPage',
      token: 't2b',
      offset: 50,
    });
    expect(forward.pages[2]).toEqual({ token: 't2b', offset: 50 });
  });

  it.each([
    { type: 'experiment', experimentId: '2' },
    { type: 'status', status: 'FAILED' },
    { type: 'applyFilter' },
    { type: 'order', order: { column: 'metrics.rmse', direction: 'ASC' } },
    { type: 'pageSize', pageSize: 50 },
  ] as const)('goes back to the first page on $type', action => {
    const next = runsQueryReducer(onThirdPage, action);
    expect(next.pageIndex).toBe(0);
    expect(next.pages).toEqual([{ offset: 0 }]);
  });

  it('applies the typed filter only on applyFilter, joined with the status', () => {
    let q = runsQueryReducer(initialRunsQuery, {
      type: 'editFilter',
      text: 'metrics.rmse < 1',
    });
    q = runsQueryReducer(q, { type: 'status', status: 'FINISHED' });
    expect(combinedFilterOf(q)).toBe("attributes.status = 'FINISHED'");
    q = runsQueryReducer(q, { type: 'applyFilter' });
    expect(combinedFilterOf(q)).toBe(
      "metrics.rmse < 1 and attributes.status = 'FINISHED'",
    );
  });
});
