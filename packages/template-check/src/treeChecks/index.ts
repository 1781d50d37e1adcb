import type { TreeCheck } from './types';
import { cloudBuildReplay } from './cloudBuildReplay';
import { kubectlApplySize } from './kubectlApplySize';
import { mlflowTrainCheck } from './mlflowTrain';
import { operatorReadiness } from './operatorReadiness';
import { providerSchemaCheck } from './providerSchema';
import { pytorchJobProcesses } from './pytorchJobProcesses';
import { publicRoutesIap } from './publicRoutesIap';

export type { TreeCheck, TreeCheckContext } from './types';

/**
 * Every whole-tree check the kit runs on each rendered fixture and composition, one module each.
 * Add a check by writing `treeChecks/<name>.ts` and listing it here.
 */
export const treeChecks: TreeCheck[] = [
  providerSchemaCheck,
  kubectlApplySize,
  pytorchJobProcesses,
  cloudBuildReplay,
  operatorReadiness,
  mlflowTrainCheck,
  publicRoutesIap,
];
