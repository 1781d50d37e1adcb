import { screen, within } from '@testing-library/react';
import { InfrastructureCard } from './InfrastructureCard';
import {
  STATE,
  fakeApi,
  mlProject,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

describe('InfrastructureCard', () => {
  it('names the cluster by cluster_name and cuts a long CA certificate output', async () => {
    const ca = 'LS0tLS1CRUdJTi'.repeat(100);
    const api = fakeApi({
      getState: async () => ({
        url: 'u',
        state: {
          ...STATE,
          infrastructure: {
            ...STATE.infrastructure,
            outputs: {
              cluster_ca_certificate: ca,
              cluster_endpoint: '34.90.1.2',
              cluster_name: 'churn-gke',
            },
          },
        },
      }),
    });
    await renderForEntity(<InfrastructureCard />, { entity: mlProject(), api });
    const table = screen.getByRole('table', { name: 'Infrastructure' });
    expect(within(table).getByText('Cluster').closest('tr')!).toHaveTextContent(
      'churn-gke',
    );
    const outputs = screen.getByRole('table', { name: 'Terraform outputs' });
    expect(outputs).toHaveTextContent(`(${ca.length} characters)`);
    expect(outputs).not.toHaveTextContent(ca);
  });

  it('shows the GCP project, cluster, buckets, registry, state backend and last apply', async () => {
    const api = fakeApi({
      getState: async () => ({
        url: 'https://git.example.test/acme/churn/.mx/state.yaml',
        state: STATE,
      }),
    });
    await renderForEntity(<InfrastructureCard />, { entity: mlProject(), api });

    const table = screen.getByRole('table', { name: 'Infrastructure' });
    const row = (label: string) =>
      within(table).getByText(label).closest('tr')!;
    expect(
      within(row('GCP project')).getByRole('link', { name: /^acme-churn-42/ }),
    ).toHaveAttribute(
      'href',
      'https://console.cloud.google.com/home/dashboard?project=acme-churn-42',
    );
    expect(row('Region')).toHaveTextContent('europe-west4');
    expect(row('Cluster')).toHaveTextContent('churn-gke');
    expect(row('Buckets')).toHaveTextContent('acme-churn-42-data');
    expect(row('Registry')).toHaveTextContent(
      'europe-west4-docker.pkg.dev/acme-churn-42/churn',
    );
    expect(row('Terraform state')).toHaveTextContent(
      'gs://acme-churn-42-tfstate/mx/churn',
    );
    expect(row('Last plan')).toHaveTextContent('never planned');
    expect(row('Last apply')).toHaveTextContent(
      '2026-11-21 08:30 UTC by user:default/grace (+12 ~1 -0)',
    );
    expect(api.getState).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'churn',
    });
  });

  it('lists terraform outputs and hides sensitive values', async () => {
    const api = fakeApi({ getState: async () => ({ url: 'u', state: STATE }) });
    await renderForEntity(<InfrastructureCard />, { entity: mlProject(), api });
    const outputs = screen.getByRole('table', { name: 'Terraform outputs' });
    expect(outputs).toHaveTextContent('cluster_name');
    expect(outputs).toHaveTextContent('db_password(sensitive)');
    expect(outputs).not.toHaveTextContent('hunter2');
  });

  it('says what to do when the project has no state file', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No .mx/state.yaml at https://git.example.test/acme/churn/tree/main/.mx/state.yaml: this project was not created by an MX generator, or the state was not committed yet',
    );
    const api = fakeApi({
      getState: async () => {
        throw error;
      },
    });
    await renderForEntity(<InfrastructureCard />, { entity: mlProject(), api });
    expect(
      screen.getByText('No .mx/state.yaml for this project'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/the state was not committed yet/),
    ).toBeInTheDocument();
    expect(screen.getByText(/"ML project" template/)).toBeInTheDocument();
  });

  it("shows the backend's explanation of an invalid state file", async () => {
    const error = await responseError(
      422,
      'StateFileError',
      ".mx/state.yaml, line 10, at 'project.region': a GCP region that offers GPUs",
    );
    const api = fakeApi({
      getState: async () => {
        throw error;
      },
    });
    await renderForEntity(<InfrastructureCard />, { entity: mlProject(), api });
    expect(
      screen.getByText(/Could not read the project state/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/line 10, at 'project.region'/).length,
    ).toBeGreaterThan(0);
  });
});
