import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { MlflowRun } from '@mx-backstage/plugin-mx-common';
import type { ProjectRef } from '../../api';
import { formatMetric } from '../helpers';
import { LineChart } from '../LineChart';
import { MetricHistoryChart } from '../MetricHistoryChart';

function shortDate(ms: number) {
  return new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
}

/** One metric across the runs of the page, and its history in the selected run. */
export const MetricPlots = (props: {
  project: ProjectRef;
  runs: MlflowRun[];
  metricKeys: string[];
  metric: string;
  onChooseMetric(metric: string): void;
  selectedRun?: MlflowRun;
  /** Refresh clicks of the card: the selected run's history is asked for again */
  refreshes: number;
}) => {
  const { project, runs, metricKeys, metric, selectedRun } = props;
  const withMetric = runs.filter(r => typeof r.metrics[metric] === 'number');
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <TextField
          select
          id="mx-mlflow-metric"
          label="Metric to plot"
          value={metric}
          onChange={e => props.onChooseMetric(String(e.target.value))}
          style={{ minWidth: 200 }}
        >
          {metricKeys.map(k => (
            <MenuItem key={k} value={k}>
              {k}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12} md={6}>
        <Typography variant="subtitle2">
          {metric} across the runs of this page
        </Typography>
        <LineChart
          title={`${metric} across ${withMetric.length} runs`}
          points={withMetric
            .filter(r => r.startTime !== undefined)
            .map(r => ({
              x: r.startTime!,
              y: r.metrics[metric] as number,
              label: `${r.runName ?? r.runId}: ${formatMetric(
                r.metrics[metric],
              )}`,
            }))}
          xLabel="run start"
          yLabel={metric}
          formatX={shortDate}
          formatY={formatMetric}
          connect={false}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <Typography variant="subtitle2">
          {metric} history of{' '}
          {selectedRun ? selectedRun.runName ?? selectedRun.runId : 'a run'}
        </Typography>
        {selectedRun ? (
          <MetricHistoryChart
            project={project}
            run={selectedRun}
            metricKey={metric}
            refreshes={props.refreshes}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            Select a run in the table to plot its {metric} over the training
            steps.
          </Typography>
        )}
      </Grid>
    </Grid>
  );
};
