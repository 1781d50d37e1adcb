import { parseEntityRef } from '@backstage/catalog-model';
import type {
  StartUpgradesResponse,
  UpgradeResult,
} from '@mx-backstage/plugin-mx-common';

/** An upgrade run: the started tasks and refusals, and each task's latest result. */
export type Run = StartUpgradesResponse & {
  results: UpgradeResult[];
  error?: Error;
};

/** The MX tab of a project's catalog page. */
export const tabOf = (entityRef: string) => {
  const ref = parseEntityRef(entityRef);
  return `/catalog/${ref.namespace}/${ref.kind}/${ref.name}/mx`;
};

export const nameOf = (entityRef: string) => parseEntityRef(entityRef).name;
