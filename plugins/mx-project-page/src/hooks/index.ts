export { ProjectStateProvider, useProjectState } from './useProjectState';
export type { ProjectStateResult } from './useProjectState';
export { useFollowsRefresh, useRefresh } from './useRefresh';
