import { useReducer } from 'react';
import type { MlflowRun } from '@mx-backstage/plugin-mx-common';
import type { RunsOrder } from '../RunsTable';

export const PAGE_SIZES = [25, 50, 100];

/** What the MLflow card asks for and shows: filters, order, paging, the selected run and metric. */
export type RunsQuery = {
  /** an experiment id, or 'all' */
  experimentId: string;
  /** a run status, or '' for any */
  status: string;
  /** the filter as typed, not yet applied */
  filterInput: string;
  /** the applied filter */
  filter: string;
  order: RunsOrder;
  pageSize: number;
  /** one entry per visited page: its MLflow page token and how many runs precede it */
  pages: Array<{ token?: string; offset: number }>;
  pageIndex: number;
  selectedRun?: MlflowRun;
  chosenMetric?: string;
};

export type RunsQueryAction =
  | { type: 'experiment'; experimentId: string }
  | { type: 'status'; status: string }
  | { type: 'editFilter'; text: string }
  | { type: 'applyFilter' }
  | { type: 'order'; order: RunsOrder }
  | { type: 'pageSize'; pageSize: number }
  | { type: 'nextPage'; token?: string; offset: number }
  | { type: 'previousPage' }
  | { type: 'selectRun'; run: MlflowRun }
  | { type: 'chooseMetric'; metric: string };

export const initialRunsQuery: RunsQuery = {
  experimentId: 'all',
  status: '',
  filterInput: '',
  filter: '',
  order: { column: 'attributes.start_time', direction: 'DESC' },
  pageSize: PAGE_SIZES[0],
  pages: [{ offset: 0 }],
  pageIndex: 0,
};

const FIRST_PAGE = { pages: [{ offset: 0 }], pageIndex: 0 };

/** Every change of what is asked for starts again at the first page. */
export function runsQueryReducer(
  state: RunsQuery,
  action: RunsQueryAction,
): RunsQuery {
  switch (action.type) {
    case 'experiment':
      return { ...state, ...FIRST_PAGE, experimentId: action.experimentId };
    case 'status':
      return { ...state, ...FIRST_PAGE, status: action.status };
    case 'editFilter':
      return { ...state, filterInput: action.text };
    case 'applyFilter':
      return { ...state, ...FIRST_PAGE, filter: state.filterInput };
    case 'order':
      return { ...state, ...FIRST_PAGE, order: action.order };
    case 'pageSize':
      return { ...state, ...FIRST_PAGE, pageSize: action.pageSize };
    case 'nextPage':
      return {
        ...state,
        pages: [
          ...state.pages.slice(0, state.pageIndex + 1),
          { token: action.token, offset: action.offset },
        ],
        pageIndex: state.pageIndex + 1,
      };
    case 'previousPage':
      return { ...state, pageIndex: Math.max(0, state.pageIndex - 1) };
    case 'selectRun':
      return { ...state, selectedRun: action.run };
    case 'chooseMetric':
      return { ...state, chosenMetric: action.metric };
    default:
      return state;
  }
}

/** The MLflow filter sent: the applied filter and the status, joined by `and`. */
export function combinedFilterOf(query: RunsQuery): string {
  return [
    query.filter.trim(),
    query.status ? `attributes.status = '${query.status}'` : '',
  ]
    .filter(Boolean)
    .join(' and ');
}

export function useRunsQuery() {
  return useReducer(runsQueryReducer, initialRunsQuery);
}
