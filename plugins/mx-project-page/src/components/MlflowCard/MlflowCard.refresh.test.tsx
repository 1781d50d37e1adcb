import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MlflowCard } from './MlflowCard';
import {
  TRACKING_URI,
  fakeApi,
  mlProject,
  run,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import type { MlflowRequestOptions, RunsSearchRequest } from '../../api';

const entity = mlProject({
  'mx.backstage.io/mlflow-tracking-uri': TRACKING_URI,
});

// MUI tables in jsdom are slow on a loaded shared machine (see MlflowCard.test.tsx).
jest.setTimeout(60_000);

describe('MlflowCard Refresh', () => {
  it('asks MLflow again past the backend cache, shows the new runs and keeps the filter', async () => {
    // A run is logged after the first load; the backend's cached copy (what a request without
    // fresh gets within its few seconds) does not have it yet.
    let mlflowHasNewRun = false;
    const api = fakeApi({
      searchExperiments: async () => ({
        experiments: [{ experimentId: '1', name: 'baseline', tags: {} }],
      }),
      searchRuns: async (
        _p,
        _req: RunsSearchRequest,
        o?: MlflowRequestOptions,
      ) => ({
        runs:
          mlflowHasNewRun && o?.fresh
            ? [run(7, { runName: 'run-new' }), run(1)]
            : [run(1)],
      }),
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    await screen.findByRole('link', { name: /^run-00001/ });

    await userEvent.type(screen.getByLabelText('Filter'), 'metrics.rmse < 1');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(api.searchRuns).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ filter: 'metrics.rmse < 1' }),
        { fresh: false },
      ),
    );
    await screen.findByRole('link', { name: /^run-00001/ });
    expect(api.searchExperiments).toHaveBeenCalledTimes(1);
    expect(api.searchExperiments).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.anything(),
      { fresh: false },
    );

    mlflowHasNewRun = true;
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh from MLflow' }),
    );

    expect(
      await screen.findByRole('link', { name: /^run-new/ }),
    ).toBeInTheDocument();
    expect(api.searchExperiments).toHaveBeenCalledTimes(2);
    expect(api.searchExperiments).toHaveBeenLastCalledWith(
      { namespace: 'default', name: 'churn' },
      expect.anything(),
      { fresh: true },
    );
    const freshRunCalls = api.searchRuns.mock.calls.filter(
      ([, , o]) => o?.fresh,
    );
    expect(freshRunCalls).toEqual([
      [
        { namespace: 'default', name: 'churn' },
        expect.objectContaining({
          experimentIds: ['1'],
          filter: 'metrics.rmse < 1',
          pageToken: undefined,
        }),
        { fresh: true },
      ],
    ]);
    // the filter stays, as typed and as applied
    expect(screen.getByLabelText('Filter')).toHaveValue('metrics.rmse < 1');
    expect(api.searchRuns).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ filter: 'metrics.rmse < 1' }),
      expect.anything(),
    );

    // Only the click asks afresh: the next change of the query may take a cached answer.
    await userEvent.clear(screen.getByLabelText('Filter'));
    await userEvent.type(screen.getByLabelText('Filter'), 'metrics.rmse < 2');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(api.searchRuns).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ filter: 'metrics.rmse < 2' }),
        { fresh: false },
      ),
    );
  });

  it('stays on the page the person is on', async () => {
    const all = Array.from({ length: 8 }, (_, i) => run(i));
    const api = fakeApi({
      searchExperiments: async () => ({
        experiments: [{ experimentId: '1', name: 'baseline', tags: {} }],
      }),
      searchRuns: async (_p, req: RunsSearchRequest) => {
        const offset = Number(req.pageToken ?? 0);
        return {
          runs: all.slice(offset, offset + 5),
          nextPageToken:
            offset + 5 < all.length ? String(offset + 5) : undefined,
        };
      },
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    await screen.findByRole('link', { name: /^run-00000/ });
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Page 2 · runs 6–8');

    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh from MLflow' }),
    );
    await waitFor(() =>
      expect(api.searchRuns).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ pageToken: '5' }),
        { fresh: true },
      ),
    );
    expect(await screen.findByText('Page 2 · runs 6–8')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: /^run-00005/ }),
    ).toBeInTheDocument();
  });
});
