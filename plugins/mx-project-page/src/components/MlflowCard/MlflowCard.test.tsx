import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MlflowCard } from './MlflowCard';
import {
  TRACKING_URI,
  fakeApi,
  mlProject,
  responseError,
  run,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import type { RunsSearchRequest } from '../../api';

const entity = mlProject({
  'mx.backstage.io/mlflow-tracking-uri': TRACKING_URI,
});
const experiments = {
  experiments: [
    { experimentId: '1', name: 'baseline', tags: {} },
    { experimentId: '2', name: 'augmented', tags: {} },
  ],
};

/** 12 runs, served at most 5 per page with offset tokens (MLflow may send fewer than asked). */
function pagedRuns() {
  const all = Array.from({ length: 12 }, (_, i) => run(i));
  return async (_p: unknown, req: RunsSearchRequest) => {
    const offset = Number(req.pageToken ?? 0);
    const size = Math.min(5, req.maxResults ?? 25);
    const next = offset + size < all.length ? String(offset + size) : undefined;
    return { runs: all.slice(offset, offset + size), nextPageToken: next };
  };
}

// Rendering pages of MUI tables in jsdom is slow on shared CI machines: the paging test took
// 29-33 s with the machine's load average above 20 (before and after the card was split).
jest.setTimeout(60_000);

describe('MlflowCard', () => {
  it('asks for no annotation: a created project without MLflow yet says what to deploy', async () => {
    const error = await responseError(
      404,
      'MlflowNotDeployed',
      'MLflow is not deployed in the cluster of component:default/churn (services "mlflow" not found): deploy training-infrastructure with the Deploy template',
    );
    const api = fakeApi({
      searchExperiments: async () => {
        throw error;
      },
    });
    await renderForEntity(<MlflowCard />, { entity: mlProject(), api });
    expect(
      await screen.findByText(
        'Deploy training-infrastructure with the Deploy template',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Missing Annotation/i)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Deploy' })).toHaveAttribute(
      'href',
      expect.stringContaining('/create/templates/default/deploy'),
    );
  });

  it('explains that MLflow could not be reached', async () => {
    const error = await responseError(
      504,
      'MlflowTimeout',
      `The MLflow tracking server at ${TRACKING_URI} did not answer within 10000 ms`,
    );
    const api = fakeApi({
      searchExperiments: async () => {
        throw error;
      },
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    expect(screen.getByText(/Could not reach MLflow/)).toBeInTheDocument();
    expect(
      screen.getAllByText(/did not answer within 10000 ms/).length,
    ).toBeGreaterThan(0);
  });

  it('says how runs appear when there are no experiments', async () => {
    const api = fakeApi({
      searchExperiments: async () => ({ experiments: [] }),
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    expect(screen.getByText('No MLflow experiments yet')).toBeInTheDocument();
    expect(screen.getByText(/mlflow.start_run\(\)/)).toBeInTheDocument();
  });

  it('lists runs with status, start, duration, params and metrics, linking into the MLflow UI', async () => {
    const api = fakeApi({
      searchExperiments: async () => experiments,
      searchRuns: async () => ({
        runs: [
          run(1),
          run(2, { status: 'FAILED' }),
          run(3, {
            status: 'RUNNING',
            endTime: undefined,
            durationMs: undefined,
          }),
        ],
      }),
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    const table = await screen.findByRole('table', { name: 'Runs' });
    const row = within(table)
      .getByRole('link', { name: /^run-00001/ })
      .closest('tr')!;
    expect(
      within(table).getByRole('link', { name: /^run-00001/ }),
    ).toHaveAttribute(
      'href',
      `${TRACKING_URI}/#/experiments/1/runs/${run(1).runId}`,
    );
    expect(row).toHaveTextContent('finished');
    expect(row).toHaveTextContent('2026-01-01 00:01 UTC');
    expect(row).toHaveTextContent('2m 05s');
    expect(row).toHaveTextContent('sgd');
    expect(row).toHaveTextContent('0.51');
    expect(
      within(table)
        .getByRole('link', { name: /^run-00002/ })
        .closest('tr'),
    ).toHaveTextContent('failed');
    expect(
      within(table)
        .getByRole('link', { name: /^run-00003/ })
        .closest('tr'),
    ).toHaveTextContent('running');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(
      expect.arrayContaining([
        'accuracy',
        'rmse',
        'learning_rate',
        'optimizer',
      ]),
    );
    expect(api.searchRuns).toHaveBeenCalledWith(
      { namespace: 'default', name: 'churn' },
      expect.objectContaining({
        experimentIds: ['1', '2'],
        maxResults: 25,
        orderBy: ['attributes.start_time DESC'],
      }),
      { fresh: false },
    );
  });

  it('pages forward and back with the page tokens', async () => {
    const api = fakeApi({
      searchExperiments: async () => experiments,
      searchRuns: pagedRuns(),
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    await screen.findByRole('link', { name: /^run-00000/ });
    expect(screen.getByText('Page 1 · runs 1–5')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByRole('link', { name: /^run-00005/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Page 2 · runs 6–10')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /^run-00000/ }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Page 3 · runs 11–12')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(
      await screen.findByRole('link', { name: /^run-00005/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Page 2 · runs 6–10')).toBeInTheDocument();
    const tokens = api.searchRuns.mock.calls.map(([, req]) => req.pageToken);
    expect(tokens).toEqual([undefined, '5', '10', '5']);
  });

  it('sorts by a metric when its header is clicked, and back to the first page', async () => {
    const api = fakeApi({
      searchExperiments: async () => experiments,
      searchRuns: pagedRuns(),
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    await screen.findByRole('link', { name: /^run-00000/ });
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('link', { name: /^run-00005/ });

    await userEvent.click(screen.getByRole('button', { name: 'rmse' }));
    await waitFor(() =>
      expect(api.searchRuns).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({
          orderBy: ['metrics.`rmse` DESC'],
          pageToken: undefined,
        }),
        expect.anything(),
      ),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'rmse' }));
    await waitFor(() =>
      expect(api.searchRuns).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ orderBy: ['metrics.`rmse` ASC'] }),
        expect.anything(),
      ),
    );
  });

  it('filters with an MLflow expression and the status, and says when nothing matches', async () => {
    const api = fakeApi({
      searchExperiments: async () => experiments,
      searchRuns: async (_p, req) =>
        req.filter ? { runs: [] } : { runs: [run(1)] },
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    await screen.findByRole('link', { name: /^run-00001/ });

    fireEvent.mouseDown(screen.getByRole('button', { name: /Run status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );
    await userEvent.type(screen.getByLabelText('Filter'), 'metrics.rmse < 1');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));

    expect(await screen.findByText('No runs match')).toBeInTheDocument();
    expect(
      screen.getByText(
        "No run matches metrics.rmse < 1 and attributes.status = 'FAILED'. Change or clear the filter.",
      ),
    ).toBeInTheDocument();
  });

  it("shows MLflow's explanation of a bad filter and keeps the filter editable", async () => {
    const error = await responseError(
      400,
      'MlflowError',
      "MLflow at https://mlflow.churn.acme.test answered 400: INVALID_PARAMETER_VALUE: Expected numeric value type for metric or numeric attribute 'rmse'. Found 'low'",
    );
    const api = fakeApi({
      searchExperiments: async () => experiments,
      searchRuns: async (_p, req) => {
        if (req.filter) throw error;
        return { runs: [run(1)] };
      },
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    await screen.findByRole('link', { name: /^run-00001/ });
    await userEvent.type(
      screen.getByLabelText('Filter'),
      "metrics.rmse < 'low'",
    );
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText(/MLflow did not return the runs/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Expected numeric value type/).length,
    ).toBeGreaterThan(0);
    expect(screen.getByLabelText('Filter')).toHaveValue("metrics.rmse < 'low'");
  });

  it('plots a metric across the runs and the history of the selected run', async () => {
    const api = fakeApi({
      searchExperiments: async () => experiments,
      searchRuns: async () => ({ runs: [run(1), run(2), run(3)] }),
      getMetricHistory: async () => ({
        metrics: Array.from({ length: 12 }, (_, step) => ({
          key: 'rmse',
          value: 2 - step / 10,
          timestamp: 1_700_000_000_000 + step,
          step,
        })),
      }),
    });
    await renderForEntity(<MlflowCard />, { entity, api });
    expect(
      await screen.findByRole('img', { name: 'accuracy across 3 runs' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Select a run in the table/)).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByRole('button', { name: /Metric to plot/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'rmse' }));
    await userEvent.click(
      screen.getByRole('radio', { name: 'Select run-00002' }),
    );

    expect(
      await screen.findByRole('img', {
        name: 'rmse of run-00002 over 12 steps',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'rmse across 3 runs' }),
    ).toBeInTheDocument();
    expect(api.getMetricHistory).toHaveBeenCalledWith(
      { namespace: 'default', name: 'churn' },
      run(2).runId,
      'rmse',
      { fresh: false },
    );
  });

  it('shows the port-forward command when MLflow is cluster-internal and links runs to localhost', async () => {
    const api = fakeApi({
      searchExperiments: async () => experiments,
      searchRuns: async () => ({ runs: [run(1)] }),
    });
    await renderForEntity(<MlflowCard />, {
      entity: mlProject({
        'mx.backstage.io/mlflow-tracking-uri':
          'http://mlflow.mlflow.svc.cluster.local:5000',
      }),
      api,
    });
    expect(
      await screen.findByText(
        'kubectl port-forward -n mlflow svc/mlflow 5000:5000',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^run-00001/ })).toHaveAttribute(
      'href',
      `http://localhost:5000/#/experiments/1/runs/${run(1).runId}`,
    );
  });
});
