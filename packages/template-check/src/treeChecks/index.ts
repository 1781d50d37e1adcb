import type { TreeCheck } from './types';
import { cloudBuildReplay } from './cloudBuildReplay';
import { engineerAccess } from './engineerAccess';
import { gpuNodePools } from './gpuNodePools';
import { iapMembers } from './iapMembers';
import { kubectlApplySize } from './kubectlApplySize';
import { mlflowTrainCheck } from './mlflowTrain';
import { nameLimits } from './nameLimits';
import { operatorReadiness } from './operatorReadiness';
import { providerSchemaCheck } from './providerSchema';
import { publicRoutesIap } from './publicRoutesIap';
import { pytestCheck } from './pytest';
import { pytorchJobProcesses } from './pytorchJobProcesses';
import { ruffCheck } from './ruff';
import { sphinxCheck } from './sphinx';
import { storageClasses } from './storageClasses';
import { terraformOrdering } from './terraformOrdering';

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
  terraformOrdering,
  storageClasses,
  engineerAccess,
  gpuNodePools,
  nameLimits,
  ruffCheck,
  sphinxCheck,
  pytestCheck,
  publicRoutesIap,
  iapMembers,
];
