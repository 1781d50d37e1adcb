import { useMemo, useState } from 'react';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { MlflowRun } from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef } from '../../api';
import { formatMetric, mlflowUi, projectRefOf } from '../helpers';
import { MlflowNotDeployed, isMlflowNotDeployed } from './MlflowNotDeployed';
import { LineChart } from '../LineChart';
import { MetricHistoryChart } from '../MetricHistoryChart';
import { RunsOrder, RunsTable } from '../RunsTable';

const STATUSES = ['FINISHED', 'FAILED', 'RUNNING', 'SCHEDULED', 'KILLED'];
const PAGE_SIZES = [25, 50, 100];
const MAX_PARAM_COLUMNS = 4;
const MAX_METRIC_COLUMNS = 4;

function keysOf(
  runs: MlflowRun[],
  pick: (r: MlflowRun) => Record<string, unknown>,
) {
  const keys = new Set<string>();
  for (const run of runs) for (const k of Object.keys(pick(run))) keys.add(k);
  return [...keys].sort();
}

function shortDate(ms: number) {
  return new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
}

const MlflowRuns = () => {
  const { entity } = useEntity();
  const api = useApi(mxProjectApiRef);
  const project = projectRefOf(entity);
  const ui = mlflowUi(entity);

  const [experimentId, setExperimentId] = useState<string>('all');
  const [status, setStatus] = useState<string>('');
  const [filterInput, setFilterInput] = useState('');
  const [filter, setFilter] = useState('');
  const [order, setOrder] = useState<RunsOrder>({
    column: 'attributes.start_time',
    direction: 'DESC',
  });
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  // one entry per visited page: its MLflow page token and how many runs precede it
  const [pages, setPages] = useState<Array<{ token?: string; offset: number }>>(
    [{ offset: 0 }],
  );
  const [pageIndex, setPageIndex] = useState(0);
  const [selectedRun, setSelectedRun] = useState<MlflowRun | undefined>();
  const [chosenMetric, setChosenMetric] = useState<string | undefined>();

  const firstPage = () => {
    setPages([{ offset: 0 }]);
    setPageIndex(0);
  };

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
    return experimentId === 'all'
      ? all.map(e => e.experimentId)
      : [experimentId];
  }, [experiments.value, experimentId]);

  const combinedFilter = [
    filter.trim(),
    status ? `attributes.status = '${status}'` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const pageToken = pages[pageIndex].token;
  const pageOffset = pages[pageIndex].offset;

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
    chosenMetric && metricKeys.includes(chosenMetric)
      ? chosenMetric
      : metricKeys[0];

  const header = (
    <Typography variant="body2" color="textSecondary">
      {ui.trackingUri
        ? `Tracking server ${ui.trackingUri}`
        : "The project's in-cluster MLflow, reached privately through its cluster's API server"}
      {ui.exposed && ui.baseUrl ? (
        <>
          {' · '}
          <Link to={ui.baseUrl}>Open the MLflow UI</Link>
        </>
      ) : null}
    </Typography>
  );

  if (experiments.loading) return <Progress />;
  if (experiments.error) {
    if (isMlflowNotDeployed(experiments.error)) {
      return (
        <InfoCard title="MLflow">
          <MlflowNotDeployed entity={entity} error={experiments.error} />
        </InfoCard>
      );
    }
    return (
      <InfoCard title="MLflow" subheader={header}>
        <ResponseErrorPanel
          error={experiments.error}
          title="Could not reach MLflow"
        />
      </InfoCard>
    );
  }
  if ((experiments.value?.experiments ?? []).length === 0) {
    return (
      <InfoCard title="MLflow" subheader={header}>
        <EmptyState
          missing="data"
          title="No MLflow experiments yet"
          description={`Runs appear here once training logs to ${
            ui.trackingUri ?? 'the MLflow of the project'
          }: set MLFLOW_TRACKING_URI and call mlflow.start_run() (the trainer of the ML project template does).`}
        />
      </InfoCard>
    );
  }

  return (
    <InfoCard title="MLflow" subheader={header}>
      {!ui.exposed && ui.trackingUri && (
        <Box mb={2}>
          <Typography variant="body2">
            Run links open the MLflow UI on {ui.baseUrl} after forwarding it:
          </Typography>
          <CodeSnippet
            text={ui.portForwardCommand}
            language="shell"
            showCopyCodeButton
          />
        </Box>
      )}
      <Grid container spacing={2} alignItems="flex-end">
        <Grid item xs={12} sm={3}>
          <TextField
            select
            fullWidth
            id="mx-mlflow-experiment"
            label="Experiment"
            value={experimentId}
            onChange={e => {
              setExperimentId(String(e.target.value));
              firstPage();
            }}
          >
            <MenuItem value="all">All experiments</MenuItem>
            {experiments.value!.experiments.map(e => (
              <MenuItem key={e.experimentId} value={e.experimentId}>
                {e.name}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={2}>
          <TextField
            select
            fullWidth
            id="mx-mlflow-status"
            label="Run status"
            value={status}
            onChange={e => {
              setStatus(String(e.target.value));
              firstPage();
            }}
          >
            <MenuItem value="">Any status</MenuItem>
            {STATUSES.map(s => (
              <MenuItem key={s} value={s}>
                {s.toLowerCase()}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={5}>
          <form
            onSubmit={e => {
              e.preventDefault();
              setFilter(filterInput);
              firstPage();
            }}
            style={{ display: 'flex', alignItems: 'flex-end', gap: 8 }}
          >
            <TextField
              fullWidth
              id="mx-mlflow-filter"
              label="Filter"
              placeholder="metrics.rmse < 1 and params.optimizer = 'adam'"
              value={filterInput}
              onChange={e => setFilterInput(e.target.value)}
            />
            <Button type="submit" variant="outlined">
              Apply
            </Button>
          </form>
        </Grid>
        <Grid item xs={12} sm={2}>
          <TextField
            select
            fullWidth
            id="mx-mlflow-page-size"
            label="Runs per page"
            value={pageSize}
            onChange={e => {
              setPageSize(Number(e.target.value));
              firstPage();
            }}
          >
            {PAGE_SIZES.map(n => (
              <MenuItem key={n} value={n}>
                {n}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
      </Grid>

      <Box mt={2}>
        {runs.loading && <Progress />}
        {!runs.loading && runs.error && (
          <ResponseErrorPanel
            error={runs.error}
            title="MLflow did not return the runs"
          />
        )}
        {!runs.loading && !runs.error && runList.length === 0 && (
          <EmptyState
            missing="data"
            title="No runs match"
            description={
              combinedFilter
                ? `No run matches ${combinedFilter}. Change or clear the filter.`
                : 'No runs in the selected experiments yet.'
            }
          />
        )}
        {!runs.loading && !runs.error && runList.length > 0 && (
          <>
            <RunsTable
              runs={runList}
              paramKeys={paramKeys.slice(0, MAX_PARAM_COLUMNS)}
              metricKeys={metricKeys.slice(0, MAX_METRIC_COLUMNS)}
              order={order}
              onOrderChange={o => {
                setOrder(o);
                firstPage();
              }}
              selectedRunId={selectedRun?.runId}
              onSelect={setSelectedRun}
              uiBaseUrl={ui.baseUrl}
            />
            <Box
              display="flex"
              alignItems="center"
              justifyContent="flex-end"
              mt={1}
              style={{ gap: 8 }}
            >
              <Typography variant="body2">
                Page {pageIndex + 1} · runs {pageOffset + 1}–
                {pageOffset + runList.length}
              </Typography>
              <Button
                size="small"
                disabled={pageIndex === 0}
                onClick={() => setPageIndex(i => i - 1)}
              >
                Previous page
              </Button>
              <Button
                size="small"
                disabled={!runs.value?.nextPageToken}
                onClick={() => {
                  setPages(visited => [
                    ...visited.slice(0, pageIndex + 1),
                    {
                      token: runs.value?.nextPageToken,
                      offset: pageOffset + runList.length,
                    },
                  ]);
                  setPageIndex(i => i + 1);
                }}
              >
                Next page
              </Button>
            </Box>
          </>
        )}
      </Box>

      {metric && runList.length > 0 && (
        <Box mt={3}>
          <Grid container spacing={2}>
            <Grid item xs={12}>
              <TextField
                select
                id="mx-mlflow-metric"
                label="Metric to plot"
                value={metric}
                onChange={e => setChosenMetric(String(e.target.value))}
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
                title={`${metric} across ${
                  runList.filter(r => typeof r.metrics[metric] === 'number')
                    .length
                } runs`}
                points={runList
                  .filter(
                    r =>
                      typeof r.metrics[metric] === 'number' &&
                      r.startTime !== undefined,
                  )
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
                {selectedRun
                  ? selectedRun.runName ?? selectedRun.runId
                  : 'a run'}
              </Typography>
              {selectedRun ? (
                <MetricHistoryChart
                  project={project}
                  run={selectedRun}
                  metricKey={metric}
                />
              ) : (
                <Typography variant="body2" color="textSecondary">
                  Select a run in the table to plot its {metric} over the
                  training steps.
                </Typography>
              )}
            </Grid>
          </Grid>
        </Box>
      )}
    </InfoCard>
  );
};

/**
 * The project's MLflow experiments and runs, through the backend gateway: a runs table with
 * paging, sorting and filtering, a metric across the runs of the page, and a run's metric history.
 */
export const MlflowCard = () => <MlflowRuns />;
