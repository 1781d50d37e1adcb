import { createApiRef } from '@backstage/core-plugin-api';
import type {
  StartUpgradesResponse,
  UpgradeResultsResponse,
  UpgradesResponse,
} from '@mx-backstage/plugin-mx-common';

/**
 * The catalog-wide upgrades view of the mx-project backend: outdated projects per generator,
 * and upgrading a chosen set (one scaffolder task, one commit or pull request, per project).
 *
 * @public
 */
export interface MxUpgradesApi {
  /** Per generator, the projects that recorded an older version than the catalog's template. */
  listUpgrades(): Promise<UpgradesResponse>;
  /** Starts one upgrade task per project (as the signed-in user). */
  startUpgrades(request: {
    generator: string;
    projects: string[];
  }): Promise<StartUpgradesResponse>;
  /** The outcome of upgrade tasks (running, upgraded, unchanged, failed; conflicts by file). */
  upgradeResults(taskIds: string[]): Promise<UpgradeResultsResponse>;
}

/** @public */
export const mxUpgradesApiRef = createApiRef<MxUpgradesApi>({
  id: 'plugin.mx-project.upgrades',
});
