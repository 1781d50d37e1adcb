export { sha256Hex } from './sha256';
export { globToRegExp, matchesAnyGlob } from './glob';
export { mergeThreeWay } from './merge';
export type { ThreeWayMergeResult } from './merge';
export {
  BASE_DIR,
  basePathOf,
  reconcileFile,
  applyFileRecords,
} from './reconcile';
export type {
  FileMode,
  FileReconcileInput,
  FileReconcileAction,
  FileReconcileDecision,
} from './reconcileTypes';
export {
  reportOf,
  summarizeReconcile,
  formatReportValue,
} from './reconcileReport';
export type { FileReconcileReport } from './reconcileReport';
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
