import { screen, within } from '@testing-library/react';
import { EndpointsCard } from './EndpointsCard';
import {
  fakeApi,
  mlProject,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

const checkedAt = '2026-11-28T10:00:00.000Z';

describe('EndpointsCard', () => {
  it('lists what the project serves with health, and the catalog links apart, unchecked', async () => {
    const api = fakeApi({
      getEndpoints: async () => ({
        endpoints: [
          {
            title: 'MLflow (in-cluster, private)',
            url: 'mlflow/mlflow:5000',
            source: 'cluster',
            status: 'up',
            httpStatus: 200,
            latencyMs: 30,
            checkedAt,
          },
        ],
        links: [
          {
            title: 'GCP console',
            url: 'https://console.cloud.google.com/home/dashboard?project=p',
          },
        ],
      }),
    });
    await renderForEntity(<EndpointsCard />, { entity: mlProject(), api });
    const table = await screen.findByRole('table', { name: 'Endpoints' });
    // an in-cluster service is not browsable: named, not linked
    expect(
      within(table).getByText('MLflow (in-cluster, private)'),
    ).not.toHaveAttribute('href');
    expect(within(table).queryByRole('link')).toBeNull();
    expect(within(table).queryByText('GCP console')).toBeNull();
    expect(screen.getByRole('link', { name: /GCP console/ })).toHaveAttribute(
      'href',
      'https://console.cloud.google.com/home/dashboard?project=p',
    );
  });

  it('shows each endpoint with its live health', async () => {
    const api = fakeApi({
      getEndpoints: async () => ({
        endpoints: [
          {
            title: 'Model endpoint',
            url: 'https://model.acme.test/',
            source: 'link',
            status: 'up',
            httpStatus: 200,
            latencyMs: 12,
            checkedAt,
          },
          {
            title: 'Labeling tool',
            url: 'https://cvat.acme.test/',
            source: 'annotation',
            status: 'down',
            message:
              'The endpoint at https://cvat.acme.test is unreachable: ECONNREFUSED',
            checkedAt,
          },
          {
            title: 'Streamlit',
            url: 'http://10.0.0.5/',
            source: 'state-output',
            status: 'unchecked',
            message:
              'Refusing to call 10.0.0.5: it is not in the allowed hosts',
            checkedAt,
          },
        ],
      }),
    });
    await renderForEntity(<EndpointsCard />, { entity: mlProject(), api });
    const row = (name: string) =>
      screen.getByRole('link', { name: new RegExp(`^${name}`) }).closest('tr')!;
    expect(row('Model endpoint')).toHaveTextContent('up (HTTP 200, 12 ms)');
    expect(row('Labeling tool')).toHaveTextContent('down');
    expect(row('Labeling tool')).toHaveTextContent('ECONNREFUSED');
    expect(row('Streamlit')).toHaveTextContent('not checked');
    expect(row('Streamlit')).toHaveTextContent('terraform output');
    expect(within(row('Model endpoint')).getByRole('link')).toHaveAttribute(
      'href',
      'https://model.acme.test/',
    );
  });

  it('shows a copyable port-forward command when MLflow is only reachable in the cluster', async () => {
    const api = fakeApi({ getEndpoints: async () => ({ endpoints: [] }) });
    await renderForEntity(<EndpointsCard />, {
      entity: mlProject({
        'mx.backstage.io/mlflow-tracking-uri':
          'http://mlflow.mlflow.svc.cluster.local:5000',
        'mx.backstage.io/mlflow-service': 'tracking/mlflow-server:5000',
      }),
      api,
    });
    expect(
      screen.getByText(/is not exposed outside the cluster/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'kubectl port-forward -n tracking svc/mlflow-server 5000:5000',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^http:\/\/localhost:5000/ }),
    ).toBeInTheDocument();
    expect(screen.getByText(/No endpoints declared yet/)).toBeInTheDocument();
  });

  it('shows the error when the endpoints cannot be checked', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No entity component:default/churn (or you may not read it)',
    );
    const api = fakeApi({
      getEndpoints: async () => {
        throw error;
      },
    });
    await renderForEntity(<EndpointsCard />, { entity: mlProject(), api });
    expect(
      screen.getByText(/Could not check the endpoints/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/or you may not read it/).length,
    ).toBeGreaterThan(0);
  });
});
