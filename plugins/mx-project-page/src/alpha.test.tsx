import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import plugin from './alpha';
import { TRACKING_URI, fakeApi, mlProject } from './__testUtils__/fixtures';
import { mxProjectApiRef } from './api';

const service = {
  ...mlProject(),
  metadata: { name: 'billing' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/x' },
};

// Rendering the lazily loaded MLflow card in jsdom is slow on shared CI machines.
jest.setTimeout(30_000);

describe('mx-project frontend plugin (new frontend system)', () => {
  it('adds an "MX project" tab at /mx to ml-project components only', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:mx-project'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/mx');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'MX project',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(mlProject())).toBe(true);
    expect(filter(service)).toBe(false);
  });

  it('adds an overview card to ml-project components only', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:mx-project/overview'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(mlProject())).toBe(true);
    expect(filter(service)).toBe(false);
  });

  it('has the MLflow card of the legacy export, off by default and for ml-project components only', async () => {
    const extension = plugin.getExtension('entity-card:mx-project/mlflow');
    expect(extension).toMatchObject({ disabled: true });
    const tester = createExtensionTester(extension);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(mlProject())).toBe(true);
    expect(filter(service)).toBe(false);

    const api = fakeApi({
      searchExperiments: async () => ({ experiments: [] }),
    });
    renderInTestApp(
      <EntityProvider
        entity={mlProject({
          'mx.backstage.io/mlflow-tracking-uri': TRACKING_URI,
        })}
      >
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[mxProjectApiRef, api]] },
    );
    expect(
      await screen.findByText('No MLflow experiments yet'),
    ).toBeInTheDocument();
  });

  it('adds the "MX upgrades" page at /mx/upgrades with a route for the sidebar', () => {
    const tester = createExtensionTester(
      plugin.getExtension('page:mx-project/upgrades'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/mx/upgrades');
    expect(tester.get(coreExtensionData.title)).toBe('MX upgrades');
    expect(tester.get(coreExtensionData.routeRef)).toBe(plugin.routes.upgrades);
  });
});
