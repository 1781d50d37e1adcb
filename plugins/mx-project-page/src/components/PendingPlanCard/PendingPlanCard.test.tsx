import { fireEvent, screen, within } from '@testing-library/react';
import { PendingPlanCard } from './PendingPlanCard';
import {
  PENDING_PLAN,
  fakeApi,
  mlProject,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

const before = () => new Date('2026-11-28T13:00:00.000Z');
const after = () => new Date('2026-11-29T12:00:01.000Z');

describe('PendingPlanCard', () => {
  it('shows what the pending plan changes, where it comes from, and applies exactly it', async () => {
    const api = fakeApi({ getPendingPlan: async () => PENDING_PLAN });
    await renderForEntity(<PendingPlanCard now={before} />, {
      entity: mlProject(),
      api,
    });
    expect(api.getPendingPlan).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'churn',
    });
    expect(
      screen.getByText(
        /Plan 3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d made 2026-11-28 12:00 UTC by user:default\/ada/,
      ),
    ).toBeInTheDocument();
    const summary = screen.getByLabelText('Plan summary');
    expect(summary).toHaveTextContent('1 to add');
    expect(summary).toHaveTextContent('1 to destroy');
    expect(screen.getByText(/From commit/)).toHaveTextContent(
      'From commit 9c1d2e3f4a5b of infrastructure/terraform, against Terraform state serial 7. Applicable until 2026-11-29 12:00 UTC.',
    );
    const changes = screen.getByRole('list', { name: 'Resource changes' });
    expect(within(changes).getAllByRole('listitem')).toHaveLength(3);
    expect(changes).toHaveTextContent('- google_storage_bucket.old (destroy)');

    fireEvent.click(screen.getByText('Full plan (terraform show)'));
    expect(screen.getByLabelText('Rendered plan')).toHaveTextContent(
      '# google_storage_bucket.data will be created',
    );
    expect(
      screen.getByRole('button', { name: 'Apply this plan' }),
    ).toHaveAttribute('href', PENDING_PLAN.applyUrl);
  });

  it('offers no apply for a plan past its age, only planning again', async () => {
    const api = fakeApi({ getPendingPlan: async () => PENDING_PLAN });
    await renderForEntity(<PendingPlanCard now={after} />, {
      entity: mlProject(),
      api,
    });
    expect(
      screen.getByText(/This plan is too old to apply/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Apply this plan' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Plan again' })).toHaveAttribute(
      'href',
      `/create/templates/default/apply-infrastructure?formData=${encodeURIComponent(
        JSON.stringify({ project: 'component:default/churn' }),
      )}`,
    );
  });

  it('says that nothing is pending and links to planning', async () => {
    const api = fakeApi({ getPendingPlan: async () => ({}) });
    await renderForEntity(<PendingPlanCard />, { entity: mlProject(), api });
    expect(
      screen.getByText(/No plan is waiting to be applied/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Plan infrastructure' }),
    ).toBeInTheDocument();
  });

  it("shows the backend's reason when the plan store cannot be read", async () => {
    const error = await responseError(
      502,
      'PlanStoreUnreadable',
      'Could not read the pending plan of churn: HTTPError 403',
    );
    const api = fakeApi({
      getPendingPlan: async () => {
        throw error;
      },
    });
    await renderForEntity(<PendingPlanCard />, { entity: mlProject(), api });
    expect(
      screen.getAllByText(
        /Could not read the pending plan of churn: HTTPError 403/,
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/Could not read the plan/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Apply this plan' }),
    ).not.toBeInTheDocument();
  });
});
