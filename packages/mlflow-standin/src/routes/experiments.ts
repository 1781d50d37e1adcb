/**
 * POST /api/2.0/mlflow/experiments/search {max_results, page_token, filter, order_by[], view_type}
 * → {experiments[], next_page_token} (service.proto `SearchExperiments`; max_results default 1000,
 * at most 50,000).
 */
import { invalid } from '../errors';
import { page } from '../paging';
import { nameFilter } from '../search/filter';
import type { StandInExperiment } from '../types';
import { compact, experimentJson } from '../wire';
import type { Route } from './types';

const ORDER_KEY =
  /^\s*(?:attributes\.)?(name|creation_time|last_update_time|experiment_id)(?:\s+(ASC|DESC))?\s*$/i;

function sortExperiments(list: StandInExperiment[], orderBy: unknown) {
  const orders = Array.isArray(orderBy) ? (orderBy as string[]) : [];
  let sorted = list;
  // a stable sort per clause, last clause first, leaves the first clause deciding
  for (const o of [...orders].reverse()) {
    const m = ORDER_KEY.exec(o);
    if (!m) invalid(`Invalid order_by clause '${o}'`);
    const key = m[1] as keyof StandInExperiment;
    const desc = (m[2] ?? 'ASC').toUpperCase() === 'DESC';
    sorted = [...sorted].sort((a, b) => {
      if (a[key] === b[key]) return 0;
      const cmp = a[key] < b[key] ? -1 : 1;
      return desc ? -cmp : cmp;
    });
  }
  return sorted;
}

export const searchExperiments: Route = {
  method: 'POST',
  path: '/api/2.0/mlflow/experiments/search',
  handle(params, { data }) {
    const keep = nameFilter(params.filter);
    const list = sortExperiments(
      data.experiments.filter(e =>
        keep(e as unknown as Record<string, unknown>),
      ),
      params.order_by,
    );
    const { slice, next } = page(list, params, 1000, 50000);
    return compact({
      experiments: slice.length ? slice.map(experimentJson) : undefined,
      next_page_token: next,
    });
  },
};
