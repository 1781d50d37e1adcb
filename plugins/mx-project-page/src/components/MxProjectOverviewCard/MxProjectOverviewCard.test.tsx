import { screen } from '@testing-library/react';
import { MxProjectOverviewCard } from './MxProjectOverviewCard';
import {
  STATE,
  TRACKING_URI,
  fakeApi,
  mlProject,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

describe('MxProjectOverviewCard', () => {
  it('summarises the project and links to the MX project tab', async () => {
    const api = fakeApi({ getState: async () => ({ url: 'u', state: STATE }) });
    await renderForEntity(<MxProjectOverviewCard />, {
      entity: mlProject({
        'mx.backstage.io/mlflow-tracking-uri': TRACKING_URI,
      }),
      api,
    });
    const card = screen.getByRole('table', { name: 'ML project' });
    expect(card).toHaveTextContent('Acme Telecom');
    expect(card).toHaveTextContent('acme-churn-42 (europe-west4)');
    expect(card).toHaveTextContent('churn-gke');
    expect(card).toHaveTextContent('deployment-infrastructure, ml-project');
    expect(card).toHaveTextContent(
      '2026-11-21 08:30 UTC by user:default/grace',
    );
    expect(
      screen.getByRole('link', { name: new RegExp(`^${TRACKING_URI}`) }),
    ).toBeInTheDocument();
    expect(screen.getByText('Open the MX project tab')).toBeInTheDocument();
  });

  it('explains a missing state file', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No .mx/state.yaml at https://git.example.test/acme/churn/tree/main/.mx/state.yaml',
    );
    const api = fakeApi({
      getState: async () => {
        throw error;
      },
    });
    await renderForEntity(<MxProjectOverviewCard />, {
      entity: mlProject(),
      api,
    });
    expect(
      screen.getByText('No .mx/state.yaml for this project'),
    ).toBeInTheDocument();
  });
});
