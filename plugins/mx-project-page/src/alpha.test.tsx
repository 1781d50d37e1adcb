import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import plugin from './alpha';
import { mlProject } from './__testUtils__/fixtures';

const service = {
  ...mlProject(),
  metadata: { name: 'billing' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/x' },
};

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

  it('adds the "MX upgrades" page at /mx/upgrades with a route for the sidebar', () => {
    const tester = createExtensionTester(
      plugin.getExtension('page:mx-project/upgrades'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/mx/upgrades');
    expect(tester.get(coreExtensionData.title)).toBe('MX upgrades');
    expect(tester.get(coreExtensionData.routeRef)).toBe(plugin.routes.upgrades);
  });
});
