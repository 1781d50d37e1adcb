import { screen, within } from '@testing-library/react';
import { GeneratorsCard } from './GeneratorsCard';
import { STATE, fakeApi, mlProject } from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

const formData = encodeURIComponent(
  JSON.stringify({ project: 'component:default/churn' }),
);

describe('GeneratorsCard', () => {
  beforeEach(async () => {
    const api = fakeApi({ getState: async () => ({ url: 'u', state: STATE }) });
    await renderForEntity(<GeneratorsCard />, { entity: mlProject(), api });
  });

  it('shows applied generators with version, time and author, and a Re-run link', () => {
    const row = screen
      .getByRole('cell', { name: 'Deployment infrastructure' })
      .closest('tr')!;
    expect(row).toHaveTextContent('1.2.0');
    expect(row).toHaveTextContent('2026-11-20 10:00 UTC by user:default/grace');
    expect(
      within(row).getByRole('button', {
        name: 'Re-run Deployment infrastructure',
      }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/deployment-infrastructure?formData=${formData}`,
    );
  });

  it('offers "Add capability" with the project pre-selected for generators not applied', () => {
    const row = screen
      .getByRole('cell', { name: 'Seldon model serving' })
      .closest('tr')!;
    expect(row).toHaveTextContent('not applied');
    expect(
      within(row).getByRole('button', {
        name: 'Add capability Seldon model serving',
      }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/seldon-serving?formData=${formData}`,
    );
    expect(
      screen.getAllByRole('button', { name: /^Add capability/ }),
    ).toHaveLength(7);
    expect(screen.getAllByRole('button', { name: /^Re-run/ })).toHaveLength(2);
  });

  it('links the day-2 operations', () => {
    expect(
      screen.getByRole('button', { name: 'Apply infrastructure' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/apply-infrastructure?formData=${formData}`,
    );
    expect(
      screen.getByRole('button', { name: 'Deploy to cluster' }),
    ).toBeInTheDocument();
  });
});
