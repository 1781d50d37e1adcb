import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { MlflowRun } from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef, ProjectRef } from '../../api';
import { useFollowsRefresh } from '../../hooks';
import { combinedFilterOf, RunsQuery } from './runsQuery';

function keysOf(
  runs: MlflowRun[],
  pick: (r: MlflowRun) => Record<string, unknown>,
) {
  const keys = new Set<string>();
  for (const run of runs) for (const k of Object.keys(pick(run))) keys.add(k);
  return [...keys].sort();
}

/**
 * The project's experiments, and the page of runs the query asks for (through the backend
 * gateway), with the metric and parameter keys of that page. Each of `refreshes` (Refresh
 * clicks, `useRefresh`) fetches both again with `fresh: true`, past the backend's short cache;
 * the query (filters, order, page) stays as it is, and the previous answers stay readable
 * (`value`) while the new ones load.
 */
export function useMlflowRuns(
  project: ProjectRef,
  query: RunsQuery,
  refreshes: number,
) {
  const api = useApi(mxProjectApiRef);
  const experimentsFollowRefresh = useFollowsRefresh(refreshes);
  const runsFollowRefresh = useFollowsRefresh(refreshes);

  const experiments = useAsync(
    () =>
      api.searchExperiments(
        project,
        { maxResults: 1000, orderBy: ['name ASC'] },
        { fresh: experimentsFollowRefresh() },
      ),
    [api, project.namespace, project.name, refreshes],
  );

  const experimentIds = useMemo(() => {
    const all = experiments.value?.experiments ?? [];
    return query.experimentId === 'all'
      ? all.map(e => e.experimentId)
      : [query.experimentId];
  }, [experiments.value, query.experimentId]);

  const combinedFilter = combinedFilterOf(query);
  const pageToken = query.pages[query.pageIndex].token;
  const { order, pageSize } = query;

  // A refresh asks for runs with the experiment ids known so far; should the fresh experiments
  // add one, the runs are asked for again (not fresh: a request the backend has not seen).
  const runs = useAsync(async () => {
    const fresh = runsFollowRefresh();
    if (experimentIds.length === 0) return undefined;
    return api.searchRuns(
      project,
      {
        experimentIds,
        maxResults: pageSize,
        pageToken,
        filter: combinedFilter || undefined,
        orderBy: [`${order.column} ${order.direction}`],
      },
      { fresh },
    );
  }, [
    api,
    project.namespace,
    project.name,
    experimentIds.join(','),
    combinedFilter,
    order.column,
    order.direction,
    pageSize,
    pageToken,
    refreshes,
  ]);

  const runList = runs.value?.runs ?? [];
  const metricKeys = keysOf(runList, r => r.metrics);
  const paramKeys = keysOf(runList, r => r.params);
  const metric =
    query.chosenMetric && metricKeys.includes(query.chosenMetric)
      ? query.chosenMetric
      : metricKeys[0];

  return {
    experiments,
    runs,
    runList,
    metricKeys,
    paramKeys,
    metric,
    combinedFilter,
  };
}
