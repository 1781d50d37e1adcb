import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useRefresh } from '../../hooks';
import { mlflowUi, projectRefOf } from '../helpers';
import { RefreshAction } from '../RefreshAction';
import { RunsTable } from '../RunsTable';
import { MetricPlots } from './MetricPlots';
import { MlflowNotDeployed, isMlflowNotDeployed } from './MlflowNotDeployed';
import { RunsFilters } from './RunsFilters';
import { RunsPager } from './RunsPager';
import { useRunsQuery } from './runsQuery';
import { useMlflowRuns } from './useMlflowRuns';

const MAX_PARAM_COLUMNS = 4;
const MAX_METRIC_COLUMNS = 4;

type MlflowUi = ReturnType<typeof mlflowUi>;

/** Where the card reaches MLflow, and the link to MLflow's own UI when it is exposed. */
const TrackingServer = ({ ui }: { ui: MlflowUi }) => (
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

/** How to open run links when MLflow's UI is not exposed: forward it first. */
const PortForwardHint = ({ ui }: { ui: MlflowUi }) => (
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
);

/**
 * The project's MLflow experiments and runs, through the backend gateway: a runs table with
 * paging, sorting and filtering, a metric across the runs of the page, and a run's metric history.
 * Refresh (card header) asks MLflow again past the backend's short cache, keeping the query.
 */
export const MlflowCard = () => {
  const { entity } = useEntity();
  const project = projectRefOf(entity);
  const ui = mlflowUi(entity);
  const [query, dispatch] = useRunsQuery();
  const { refreshes, refresh } = useRefresh();
  const {
    experiments,
    runs,
    runList,
    metricKeys,
    paramKeys,
    metric,
    combinedFilter,
  } = useMlflowRuns(project, query, refreshes);
  const header = <TrackingServer ui={ui} />;
  const action = <RefreshAction onRefresh={refresh} />;

  // A refresh keeps the previous answer on screen (filters included) while the new one loads.
  if (experiments.loading && !experiments.value) return <Progress />;
  if (experiments.error) {
    if (isMlflowNotDeployed(experiments.error)) {
      return (
        <InfoCard title="MLflow" action={action}>
          <MlflowNotDeployed entity={entity} error={experiments.error} />
        </InfoCard>
      );
    }
    return (
      <InfoCard title="MLflow" subheader={header} action={action}>
        <ResponseErrorPanel
          error={experiments.error}
          title="Could not reach MLflow"
        />
      </InfoCard>
    );
  }
  const experimentList = experiments.value?.experiments ?? [];
  if (experimentList.length === 0) {
    return (
      <InfoCard title="MLflow" subheader={header} action={action}>
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

  const settled = !runs.loading && !runs.error;
  return (
    <InfoCard title="MLflow" subheader={header} action={action}>
      {!ui.exposed && ui.trackingUri && <PortForwardHint ui={ui} />}
      <RunsFilters
        experiments={experimentList}
        query={query}
        dispatch={dispatch}
      />
      <Box mt={2}>
        {runs.loading && <Progress />}
        {!runs.loading && runs.error && (
          <ResponseErrorPanel
            error={runs.error}
            title="MLflow did not return the runs"
          />
        )}
        {settled && runList.length === 0 && (
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
        {settled && runList.length > 0 && (
          <>
            <RunsTable
              runs={runList}
              paramKeys={paramKeys.slice(0, MAX_PARAM_COLUMNS)}
              metricKeys={metricKeys.slice(0, MAX_METRIC_COLUMNS)}
              order={query.order}
              onOrderChange={order => dispatch({ type: 'order', order })}
              selectedRunId={query.selectedRun?.runId}
              onSelect={run => dispatch({ type: 'selectRun', run })}
              uiBaseUrl={ui.baseUrl}
            />
            <RunsPager
              query={query}
              runsOnPage={runList.length}
              nextPageToken={runs.value?.nextPageToken}
              dispatch={dispatch}
            />
          </>
        )}
      </Box>
      {metric && runList.length > 0 && (
        <Box mt={3}>
          <MetricPlots
            project={project}
            runs={runList}
            metricKeys={metricKeys}
            metric={metric}
            onChooseMetric={m => dispatch({ type: 'chooseMetric', metric: m })}
            selectedRun={query.selectedRun}
            refreshes={refreshes}
          />
        </Box>
      )}
    </InfoCard>
  );
};
