/**
 * POST /api/2.0/mlflow/runs/search {experiment_ids[], filter, run_view_type, max_results,
 * order_by[], page_token} → {runs[], next_page_token} (service.proto `SearchRuns`; max_results
 * default 1000, at most 1000).
 */
import { invalid } from '../errors';
import { page } from '../paging';
import { matches, parseRunFilter } from '../search/filter';
import { compareRuns, parseOrderBy } from '../search/order';
import { compact, runJson } from '../wire';
import type { Route } from './types';

export const searchRuns: Route = {
  method: 'POST',
  path: '/api/2.0/mlflow/runs/search',
  handle(params, { data }) {
    const ids = params.experiment_ids;
    if (ids !== undefined && !Array.isArray(ids))
      invalid('experiment_ids must be a list');
    const wanted = new Set(((ids as unknown[] | undefined) ?? []).map(String));
    const clauses = parseRunFilter(
      typeof params.filter === 'string' ? params.filter : undefined,
    );
    const orders = parseOrderBy(params.order_by);
    const selected = data.runs
      .filter(r => wanted.has(r.experiment_id))
      .filter(r => clauses.every(c => matches(r, c)))
      .sort(compareRuns(orders));
    const { slice, next } = page(selected, params, 1000, 1000);
    return compact({
      runs: slice.length ? slice.map(runJson) : undefined,
      next_page_token: next,
    });
  },
};
