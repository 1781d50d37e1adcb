import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type {
  GeneratorInfo,
  UpgradeResult,
  UpgradesResponse,
} from '@mx-backstage/plugin-mx-common';
import { MxUpgradesApi, mxUpgradesApiRef } from '../../api';
import { UpgradesPage } from './UpgradesPage';

const ML_PROJECT: GeneratorInfo = {
  id: 'ml-project',
  templateRef: 'template:default/ml-project-next',
  namespace: 'default',
  name: 'ml-project-next',
  title: 'ML project',
  kind: 'project',
  version: '1.1.0',
  requires: [],
  changelog: [{ version: '1.1.0', text: 'Versioning on the artifacts bucket' }],
  destructiveAnswers: [],
  projectAnswers: ['name'],
};

const outdated = (name: string) => ({
  entityRef: `component:default/${name}`,
  title: name,
  recordedVersion: '1.0.0',
  changes: [{ version: '1.1.0', text: 'Versioning on the artifacts bucket' }],
});

const LIST: UpgradesResponse = {
  generators: [
    {
      generator: ML_PROJECT,
      projects: [outdated('alpha'), outdated('beta'), outdated('gamma')],
    },
  ],
  unreadable: [],
};

const FINISHED: UpgradeResult[] = [
  {
    taskId: 't-alpha',
    entityRef: 'component:default/alpha',
    status: 'upgraded',
    commitHash: '0123456789abcdef',
    conflicts: [],
  },
  {
    taskId: 't-gamma',
    entityRef: 'component:default/gamma',
    status: 'upgraded',
    commitHash: 'fedcba9876543210',
    conflicts: ['infrastructure/terraform/storage.tf'],
  },
];

function fakeApi(): jest.Mocked<MxUpgradesApi> {
  return {
    listUpgrades: jest.fn().mockResolvedValue(LIST),
    startUpgrades: jest.fn().mockResolvedValue({
      generator: 'ml-project',
      templateRef: 'template:default/ml-project-next',
      tasks: [
        { entityRef: 'component:default/alpha', taskId: 't-alpha' },
        { entityRef: 'component:default/gamma', taskId: 't-gamma' },
      ],
      refused: [],
    }),
    upgradeResults: jest.fn().mockResolvedValue({ results: FINISHED }),
  };
}

jest.setTimeout(60_000);

describe('UpgradesPage', () => {
  it('lists outdated projects with what changed and upgrades the chosen ones, conflicts by file', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[mxUpgradesApiRef, api]]}>
        <UpgradesPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole(
        'note',
        { name: 'What changed in ML project' },
        { timeout: 15000 },
      ),
    ).toHaveTextContent('1.1.0: Versioning on the artifacts bucket');
    // Every outdated project is chosen at first; leave beta out.
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Upgrade beta' }),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Upgrade 2 selected projects to 1.1.0',
      }),
    );
    expect(api.startUpgrades).toHaveBeenCalledWith({
      generator: 'ml-project',
      projects: ['component:default/alpha', 'component:default/gamma'],
    });

    const results = await screen.findByRole(
      'table',
      { name: 'Upgrade results' },
      { timeout: 15000 },
    );
    await waitFor(
      () =>
        expect(
          within(results).getByRole('row', { name: /Upgrade of gamma/ }),
        ).toHaveTextContent('infrastructure/terraform/storage.tf'),
      { timeout: 15000 },
    );
    expect(api.upgradeResults).toHaveBeenCalledWith(['t-alpha', 't-gamma']);
    expect(
      within(results).getByRole('row', { name: /Upgrade of alpha/ }),
    ).toHaveTextContent('commit 01234567');
    expect(screen.getByText('2 upgraded · 1 conflict')).toBeInTheDocument();
  });

  it('says when every project is up to date', async () => {
    const api = fakeApi();
    api.listUpgrades.mockResolvedValue({ generators: [], unreadable: [] });
    await renderInTestApp(
      <TestApiProvider apis={[[mxUpgradesApiRef, api]]}>
        <UpgradesPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Every project is up to date', undefined, {
        timeout: 15000,
      }),
    ).toBeInTheDocument();
  });
});
