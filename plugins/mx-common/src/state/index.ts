export * from './schema';
export * from './errors';
export { parseState, serializeState } from './serialize';
export { mergeState, jsonEqual } from './merge';
export type { StateMergeRequest, StateMergeResult } from './merge';
export { describeStateValidationError } from './describe';
