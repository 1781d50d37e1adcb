export { RunsTable } from './RunsTable';
export type { RunsOrder, RunsTableProps } from './RunsTable';
