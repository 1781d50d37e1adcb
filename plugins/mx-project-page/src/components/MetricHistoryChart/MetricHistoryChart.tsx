import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { MlflowRun } from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { ProjectRef, mxProjectApiRef } from '../../api';
import { useFollowsRefresh } from '../../hooks';
import { formatMetric } from '../helpers';
import { LineChart } from '../LineChart';

/**
 * One run's metric over its training steps (MLflow metric history); each of `refreshes` (the
 * card's Refresh clicks) asks MLflow for it again.
 */
export const MetricHistoryChart = ({
  project,
  run,
  metricKey,
  refreshes = 0,
}: {
  project: ProjectRef;
  run: MlflowRun;
  metricKey: string;
  refreshes?: number;
}) => {
  const api = useApi(mxProjectApiRef);
  const followsRefresh = useFollowsRefresh(refreshes);
  const { value, loading, error } = useAsync(
    () =>
      api.getMetricHistory(project, run.runId, metricKey, {
        fresh: followsRefresh(),
      }),
    [api, project.namespace, project.name, run.runId, metricKey, refreshes],
  );
  const name = run.runName ?? run.runId;
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`Could not load the ${metricKey} history of ${name}`}
      />
    );
  }
  const points = value!.metrics
    .filter(m => m.value !== null)
    .map(m => ({ x: m.step, y: m.value as number }));
  if (points.length === 0) {
    return (
      <Typography variant="body2">
        {name} has logged no values of {metricKey}.
      </Typography>
    );
  }
  return (
    <LineChart
      title={`${metricKey} of ${name} over ${points.length} steps`}
      points={points}
      xLabel="step"
      yLabel={metricKey}
      formatX={x => String(Math.round(x))}
      formatY={formatMetric}
    />
  );
};
