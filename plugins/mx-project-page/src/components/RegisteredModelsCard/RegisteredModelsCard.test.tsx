import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RegisteredModelsCard } from './RegisteredModelsCard';
import {
  TRACKING_URI,
  fakeApi,
  mlProject,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';
import type { MlflowRequestOptions } from '../../api';

const entity = mlProject({
  'mx.backstage.io/mlflow-tracking-uri': TRACKING_URI,
});

describe('RegisteredModelsCard', () => {
  it("lists each model's latest version, stage and aliases, linked to the MLflow UI", async () => {
    const api = fakeApi({
      searchRegisteredModels: async () => ({
        registeredModels: [
          {
            name: 'churn-classifier',
            lastUpdatedTime: Date.UTC(2026, 10, 20, 10, 0),
            latestVersions: [
              {
                name: 'churn-classifier',
                version: '3',
                currentStage: 'Production',
                tags: {},
                aliases: ['champion'],
              },
            ],
            tags: {},
            aliases: [{ alias: 'champion', version: '3' }],
          },
        ],
      }),
    });
    await renderForEntity(<RegisteredModelsCard />, { entity, api });
    const link = screen.getByRole('link', { name: /^churn-classifier/ });
    expect(link).toHaveAttribute(
      'href',
      `${TRACKING_URI}/#/models/churn-classifier`,
    );
    const row = link.closest('tr')!;
    expect(row).toHaveTextContent('v3');
    expect(row).toHaveTextContent('Production');
    expect(row).toHaveTextContent('@champion → v3');
    expect(row).toHaveTextContent('2026-11-20 10:00 UTC');
  });

  it('asks MLflow again on Refresh and shows a model registered since the first load', async () => {
    const model = (name: string) => ({
      name,
      lastUpdatedTime: Date.UTC(2026, 10, 20, 10, 0),
      latestVersions: [],
      tags: {},
      aliases: [],
    });
    // the backend's few-seconds-old copy has only the first model; MLflow has both by now
    const api = fakeApi({
      searchRegisteredModels: async (_p, _r, o?: MlflowRequestOptions) => ({
        registeredModels: o?.fresh
          ? [model('churn-classifier'), model('churn-ranker')]
          : [model('churn-classifier')],
      }),
    });
    await renderForEntity(<RegisteredModelsCard />, { entity, api });
    expect(
      screen.getByRole('link', { name: /^churn-classifier/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText('churn-ranker')).not.toBeInTheDocument();
    expect(api.searchRegisteredModels).toHaveBeenLastCalledWith(
      { namespace: 'default', name: 'churn' },
      { maxResults: 100 },
      { fresh: false },
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh from MLflow' }),
    );
    expect(
      await screen.findByRole('link', { name: /^churn-ranker/ }),
    ).toBeInTheDocument();
    expect(api.searchRegisteredModels).toHaveBeenCalledTimes(2);
    expect(api.searchRegisteredModels).toHaveBeenLastCalledWith(
      { namespace: 'default', name: 'churn' },
      { maxResults: 100 },
      { fresh: true },
    );
  });

  it('says how models get here when there are none', async () => {
    const api = fakeApi({
      searchRegisteredModels: async () => ({ registeredModels: [] }),
    });
    await renderForEntity(<RegisteredModelsCard />, { entity, api });
    expect(screen.getByText('No registered models yet')).toBeInTheDocument();
  });

  it('shows why the registry could not be listed', async () => {
    const error = await responseError(
      403,
      'MlflowHostNotAllowed',
      'Refusing to call mlflow.churn.acme.test: it is not in the allowed hosts (add it to mx.mlflow.allowedHosts in app-config.yaml)',
    );
    const api = fakeApi({
      searchRegisteredModels: async () => {
        throw error;
      },
    });
    await renderForEntity(<RegisteredModelsCard />, { entity, api });
    expect(
      screen.getByText(/Could not list the registered models/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/add it to mx.mlflow.allowedHosts/).length,
    ).toBeGreaterThan(0);
  });
});
