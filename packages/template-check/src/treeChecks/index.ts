import type { TreeCheck } from './types';
import { engineerAccess } from './engineerAccess';
import { gpuNodePools } from './gpuNodePools';
import { storageClasses } from './storageClasses';
import { terraformOrdering } from './terraformOrdering';

export type { TreeCheck, TreeCheckContext } from './types';

/**
 * Every whole-tree check the kit runs on each rendered fixture and composition, one module each.
 * Add a check by writing `treeChecks/<name>.ts` and listing it here.
 */
export const treeChecks: TreeCheck[] = [
  terraformOrdering,
  storageClasses,
  engineerAccess,
  gpuNodePools,
];
