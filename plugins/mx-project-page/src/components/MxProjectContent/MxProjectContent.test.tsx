import { screen } from '@testing-library/react';
import { MxProjectContent } from './MxProjectContent';
import {
  STATE,
  TRACKING_URI,
  fakeApi,
  mlProject,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

describe('MxProjectContent', () => {
  it('shows infrastructure, capabilities, endpoints and the MLflow set-up hint together', async () => {
    const notDeployed = await responseError(
      404,
      'MlflowNotDeployed',
      'component:default/churn has no cluster yet',
    );
    const api = fakeApi({
      getState: async () => ({ url: 'u', state: STATE }),
      getEndpoints: async () => ({ endpoints: [] }),
      getPendingPlan: async () => ({}),
      searchExperiments: async () => {
        throw notDeployed;
      },
      searchRegisteredModels: async () => {
        throw notDeployed;
      },
      listGenerators: async () => [],
    });
    await renderForEntity(<MxProjectContent />, { entity: mlProject(), api });
    expect(
      await screen.findByRole('table', { name: 'Infrastructure' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Generators' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/No endpoints declared yet/)).toBeInTheDocument();
    // no annotation needed: without a deployed MLflow the cards say what to run
    expect(
      (
        await screen.findAllByText(
          'Deploy training-infrastructure with the Deploy template',
        )
      ).length,
    ).toBe(2);
    expect(screen.queryByText(/Missing Annotation/i)).not.toBeInTheDocument();
    // the infrastructure and capabilities cards share one read of the state
    expect(api.getState).toHaveBeenCalledTimes(1);
  });

  it('adds the MLflow runs and the model registry when the project names its tracking server', async () => {
    const api = fakeApi({
      getState: async () => ({ url: 'u', state: STATE }),
      getEndpoints: async () => ({ endpoints: [] }),
      getPendingPlan: async () => ({}),
      searchExperiments: async () => ({ experiments: [] }),
      searchRegisteredModels: async () => ({ registeredModels: [] }),
    });
    await renderForEntity(<MxProjectContent />, {
      entity: mlProject({
        'mx.backstage.io/mlflow-tracking-uri': TRACKING_URI,
      }),
      api,
    });
    expect(
      await screen.findByText('No MLflow experiments yet'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No registered models yet'),
    ).toBeInTheDocument();
  });
});
