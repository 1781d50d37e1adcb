import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  StartUpgradesResponse,
  UpgradeResultsResponse,
  UpgradesResponse,
} from '@mx-backstage/plugin-mx-common';
import type { MxUpgradesApi } from './MxUpgradesApi';
import { fetchMxProject } from './mxProjectFetch';

/**
 * Calls the mx-project backend's `/upgrades` routes with the signed-in user's identity.
 *
 * @public
 */
export class MxUpgradesClient implements MxUpgradesApi {
  private readonly apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi };

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.apis = {
      discoveryApi: options.discoveryApi,
      fetchApi: options.fetchApi,
    };
  }

  private call<T>(path: string, body?: unknown): Promise<T> {
    return fetchMxProject(this.apis, path, { body });
  }

  listUpgrades(): Promise<UpgradesResponse> {
    return this.call('/upgrades');
  }

  startUpgrades(request: {
    generator: string;
    projects: string[];
  }): Promise<StartUpgradesResponse> {
    return this.call('/upgrades', request);
  }

  upgradeResults(taskIds: string[]): Promise<UpgradeResultsResponse> {
    return this.call(
      `/upgrades/tasks?ids=${encodeURIComponent(taskIds.join(','))}`,
    );
  }
}
