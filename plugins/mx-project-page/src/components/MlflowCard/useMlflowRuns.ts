import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { MlflowRun } from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef, ProjectRef } from '../../api';
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
 * gateway), with the metric and parameter keys of that page.
 */
export function useMlflowRuns(project: ProjectRef, query: RunsQuery) {
  const api = useApi(mxProjectApiRef);

  const experiments = useAsync(
    () =>
      api.searchExperiments(project, {
        maxResults: 1000,
        orderBy: ['name ASC'],
      }),
    [api, project.namespace, project.name],
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

  const runs = useAsync(async () => {
    if (experimentIds.length === 0) return undefined;
    return api.searchRuns(project, {
      experimentIds,
      maxResults: pageSize,
      pageToken,
      filter: combinedFilter || undefined,
      orderBy: [`${order.column} ${order.direction}`],
    });
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
