import type { TreeCheck } from './types';
import { pytestCheck } from './pytest';
import { ruffCheck } from './ruff';
import { sphinxCheck } from './sphinx';

export type { TreeCheck, TreeCheckContext } from './types';

/**
 * Every whole-tree check the kit runs on each rendered fixture and composition, one module each.
 * Add a check by writing `treeChecks/<name>.ts` and listing it here.
 */
export const treeChecks: TreeCheck[] = [ruffCheck, sphinxCheck, pytestCheck];
