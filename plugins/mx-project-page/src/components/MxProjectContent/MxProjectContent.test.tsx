import { screen } from '@testing-library/react';
import { MxProjectContent } from './MxProjectContent';
import {
  STATE,
  TRACKING_URI,
  fakeApi,
  mlProject,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

describe('MxProjectContent', () => {
  it('shows infrastructure, capabilities, endpoints and the MLflow set-up hint together', async () => {
    const api = fakeApi({
      getState: async () => ({ url: 'u', state: STATE }),
      getEndpoints: async () => ({ endpoints: [] }),
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
    // no tracking URI annotation: the MLflow card says what to add instead of calling MLflow
    expect(
      screen.getAllByText(/mx.backstage.io\/mlflow-tracking-uri/).length,
    ).toBeGreaterThan(0);
    expect(api.searchExperiments).not.toHaveBeenCalled();
  });

  it('adds the MLflow runs and the model registry when the project names its tracking server', async () => {
    const api = fakeApi({
      getState: async () => ({ url: 'u', state: STATE }),
      getEndpoints: async () => ({ endpoints: [] }),
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
