import { screen, within } from '@testing-library/react';
import type {
  GeneratorInfo,
  ProjectState,
} from '@mx-backstage/plugin-mx-common';
import { GeneratorsCard } from './GeneratorsCard';
import { STATE, fakeApi, mlProject } from '../../__testUtils__/fixtures';
import { renderForEntity } from '../../__testUtils__/render';

const generator = (
  id: string,
  title: string,
  extra: Partial<GeneratorInfo> = {},
): GeneratorInfo => ({
  id,
  templateRef: `template:default/${id}`,
  namespace: 'default',
  name: id,
  title,
  kind: 'capability',
  version: '1.0.0',
  requires: [],
  changelog: [],
  destructiveAnswers: [],
  projectAnswers: [],
  ...extra,
});

/** What the catalog holds: no generator list in the page, only these entities. */
const CATALOG: GeneratorInfo[] = [
  generator('ml-project', 'ML project', {
    kind: 'project',
    projectAnswers: [
      'name',
      'client',
      'description',
      'owner',
      'engineers',
      'gcpProjectId',
      'region',
    ],
  }),
  generator('deployment-infrastructure', 'Deployment infrastructure', {
    version: '1.4.0',
    projectAnswers: ['baseDomain'],
    changelog: [
      { version: '1.4.0', text: 'Private GKE control plane' },
      { version: '1.3.0', text: 'Cloud Armor policy' },
      { version: '1.2.0', text: 'Ingress with managed certificates' },
    ],
  }),
  generator('distributed-training', 'Distributed training', {
    destructiveAnswers: [
      { key: 'gpuType', reason: 'the GPU node pool is replaced' },
    ],
  }),
  generator('seldon-serving', 'Seldon model serving', {
    requires: ['deployment-infrastructure'],
  }),
  generator('feature-store', 'Feature store (venture team)', {
    requires: ['cloudbuild'],
  }),
  generator('deploy', 'Deploy to cluster', { kind: 'operation' }),
];

const STATE_WITH_TRAINING: ProjectState = {
  ...STATE,
  project: { ...STATE.project, baseDomain: 'labs.example.com' },
  generators: {
    ...STATE.generators,
    'deployment-infrastructure': {
      ...STATE.generators['deployment-infrastructure'],
      values: { dnsZone: 'labs-example-com' },
    },
    'distributed-training': {
      version: '1.0.0',
      values: { workers: 8, gpusPerWorker: 4, gpuType: 'nvidia-tesla-a100' },
      appliedAt: '2026-11-22T10:00:00.000Z',
      appliedBy: 'user:default/ada',
    },
    'old-tool': {
      version: '0.1.0',
      values: {},
      appliedAt: '2026-11-02T10:00:00.000Z',
      appliedBy: 'user:default/ada',
    },
  },
};

const formDataOf = (href: string | null) =>
  JSON.parse(new URL(href!, 'http://x').searchParams.get('formData')!);

const rowOf = (name: string) =>
  screen.getByRole('cell', { name }).closest('tr')!;

describe('GeneratorsCard', () => {
  beforeEach(async () => {
    const api = fakeApi({
      getState: async () => ({ url: 'u', state: STATE_WITH_TRAINING }),
      listGenerators: async () => CATALOG,
    });
    await renderForEntity(<GeneratorsCard />, { entity: mlProject(), api });
  });

  it('opens Re-run with the recorded answers, not the template defaults', () => {
    const row = rowOf('Distributed training');
    expect(row).toHaveTextContent('2026-11-22 10:00 UTC by user:default/ada');
    const link = within(row).getByRole('button', {
      name: 'Re-run Distributed training',
    });
    expect(formDataOf(link.getAttribute('href'))).toEqual({
      project: 'component:default/churn',
      workers: 8,
      gpusPerWorker: 4,
      gpuType: 'nvidia-tesla-a100',
    });
    expect(
      screen.getByText(/Changing gpuType \(the GPU node pool is replaced\)/),
    ).toHaveTextContent('destroys data');
  });

  it('shows an upgrade notice with what changed since the recorded version', () => {
    const row = rowOf('Deployment infrastructure');
    expect(row).toHaveTextContent('1.2.0');
    expect(
      within(row).getByLabelText('Deployment infrastructure upgrade available'),
    ).toHaveTextContent('1.4.0 available');
    const note = screen.getByRole('note', {
      name: 'What changed in Deployment infrastructure',
    });
    expect(note).toHaveTextContent(
      'Deployment infrastructure 1.4.0 is newer than 1.2.0, the version this project recorded.',
    );
    expect(
      within(note)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      '1.4.0: Private GKE control plane',
      '1.3.0: Cloud Armor policy',
    ]);
    // The project answers the generator asks for are filled in with its own recorded answers.
    const upgrade = within(row).getByRole('button', {
      name: 'Upgrade Deployment infrastructure',
    });
    expect(formDataOf(upgrade.getAttribute('href'))).toEqual({
      project: 'component:default/churn',
      baseDomain: 'labs.example.com',
      dnsZone: 'labs-example-com',
    });
  });

  it('lists every catalog generator not applied under "Add capability", prerequisites first', () => {
    const seldon = rowOf('Seldon model serving');
    expect(seldon).toHaveTextContent('not applied');
    const link = within(seldon).getByRole('button', {
      name: 'Add capability Seldon model serving',
    });
    expect(link).toHaveAttribute(
      'href',
      `/create/templates/default/seldon-serving?formData=${encodeURIComponent(
        JSON.stringify({ project: 'component:default/churn' }),
      )}`,
    );
    expect(rowOf('Feature store (venture team)')).toHaveTextContent(
      'needs cloudbuild first',
    );
  });

  it('re-runs the ML project skeleton with the recorded project answers, not an empty create form', () => {
    const rerun = within(rowOf('ML project')).getByRole('button', {
      name: 'Re-run ML project',
    });
    expect(formDataOf(rerun.getAttribute('href'))).toEqual({
      name: 'churn',
      client: 'Acme Telecom',
      owner: 'group:default/ml-team',
      engineers: ['user:default/ada'],
      gcpProjectId: 'acme-churn-42',
      region: 'europe-west4',
      project: 'component:default/churn',
    });
  });

  it('keeps applied generators whose template left the catalog, and links operations', () => {
    expect(rowOf('old-tool')).toHaveTextContent('template not in the catalog');
    expect(
      screen.getByRole('button', { name: 'Deploy to cluster' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/deploy?formData=${encodeURIComponent(
        JSON.stringify({ project: 'component:default/churn' }),
      )}`,
    );
  });
});
