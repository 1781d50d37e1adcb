import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  StartUpgradesResponse,
  UpgradeResultsResponse,
  UpgradesResponse,
} from '@mx-backstage/plugin-mx-common';
import type { MxUpgradesApi } from './MxUpgradesApi';

/**
 * Calls the mx-project backend's `/upgrades` routes with the signed-in user's identity.
 *
 * @public
 */
export class MxUpgradesClient implements MxUpgradesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async call<T>(path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mx-project');
    const res = await this.fetchApi.fetch(
      `${baseUrl}${path}`,
      body === undefined
        ? undefined
        : {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
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
