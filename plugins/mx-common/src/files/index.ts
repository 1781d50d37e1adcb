export { sha256Hex } from './sha256';
export { globToRegExp, matchesAnyGlob } from './glob';
export { mergeThreeWay } from './merge';
export type { ThreeWayMergeResult } from './merge';
export {
  BASE_DIR,
  basePathOf,
  reconcileFile,
  applyFileRecords,
  reportOf,
  summarizeReconcile,
} from './reconcile';
export type {
  FileMode,
  FileReconcileInput,
  FileReconcileAction,
  FileReconcileDecision,
  FileReconcileReport,
} from './reconcile';
