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
  formatReportValue,
} from './reconcile';
export type {
  FileMode,
  FileReconcileInput,
  FileReconcileAction,
  FileReconcileDecision,
  FileReconcileReport,
} from './reconcile';
export {
  mergeStructured,
  structuredFormatOf,
  detectKind,
  listStrategyFor,
  LIST_RULES,
} from './structural';
export type {
  StructuralMergeResult,
  StructuralChange,
  StructuralConflict,
  StructuredFormat,
  FileKind,
  ListStrategy,
} from './structural';
