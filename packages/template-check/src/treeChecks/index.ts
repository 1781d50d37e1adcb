import type { TreeCheck } from './types';
import { nameLimits } from './nameLimits';

export type { TreeCheck, TreeCheckContext } from './types';

/**
 * Every whole-tree check the kit runs on each rendered fixture and composition, one module each.
 * Add a check by writing `treeChecks/<name>.ts` and listing it here.
 */
export const treeChecks: TreeCheck[] = [nameLimits];
