/**
 * `order_by` of runs/search: `["metrics.rmse DESC", "start_time"]`; a bare key means an
 * attribute. Ties break on start_time DESC then run_id, and runs missing the key come last, as
 * in MLflow's SQL store (mlflow/store/tracking/sqlalchemy_store.py `_get_orderby_clauses`).
 */
import { invalid } from '../errors';
import type { StandInRun } from '../types';
import { Entity, parseIdentifier, valueOf } from './filter';

export type Order = { entity: Entity; key: string; desc: boolean };

export function parseOrderBy(orderBy: unknown): Order[] {
  if (orderBy === undefined) return [];
  if (!Array.isArray(orderBy)) invalid('order_by must be a list of strings');
  return orderBy.map(raw => {
    if (typeof raw !== 'string') invalid('order_by must be a list of strings');
    const m = /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(raw);
    if (!m) invalid(`Invalid order_by clause '${raw}'`);
    const ident = m[1].includes('.') ? m[1] : `attributes.${m[1]}`;
    const { entity, key } = parseIdentifier(ident);
    return { entity, key, desc: (m[2] ?? 'ASC').toUpperCase() === 'DESC' };
  });
}

export function compareRuns(orders: Order[]) {
  const all: Order[] = [
    ...orders,
    { entity: 'attributes', key: 'start_time', desc: true },
    { entity: 'attributes', key: 'run_id', desc: false },
  ];
  return (a: StandInRun, b: StandInRun) => {
    for (const o of all) {
      const va = valueOf(a, o.entity, o.key);
      const vb = valueOf(b, o.entity, o.key);
      if (va === vb) continue;
      // missing values always last, like MLflow
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      const cmp = va < vb ? -1 : 1;
      return o.desc ? -cmp : cmp;
    }
    return 0;
  };
}
