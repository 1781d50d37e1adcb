import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Radio from '@material-ui/core/Radio';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import type { MlflowRun } from '@mx-backstage/plugin-mx-common';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { formatDuration, formatMetric, formatTime } from '../helpers';

/** The order of the table: an MLflow `order_by` column and a direction. */
export type RunsOrder = { column: string; direction: 'ASC' | 'DESC' };

export type RunsTableProps = {
  runs: MlflowRun[];
  paramKeys: string[];
  metricKeys: string[];
  order: RunsOrder;
  onOrderChange: (order: RunsOrder) => void;
  selectedRunId?: string;
  onSelect: (run: MlflowRun) => void;
  /** the MLflow UI, for links to runs */
  uiBaseUrl?: string;
};

const RunStatus = ({ status }: { status: string }) => {
  switch (status) {
    case 'FINISHED':
      return <StatusOK>finished</StatusOK>;
    case 'FAILED':
      return <StatusError>failed</StatusError>;
    case 'KILLED':
      return <StatusAborted>killed</StatusAborted>;
    case 'RUNNING':
      return <StatusRunning>running</StatusRunning>;
    default:
      return <StatusPending>{status.toLowerCase()}</StatusPending>;
  }
};

const useStyles = makeStyles({
  // one line per run: scroll sideways rather than wrap "finished" over two lines
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
});

/** A page of MLflow runs: status, start, duration, params and key metrics; sortable headers. */
export const RunsTable = ({
  runs,
  paramKeys,
  metricKeys,
  order,
  onOrderChange,
  selectedRunId,
  onSelect,
  uiBaseUrl,
}: RunsTableProps) => {
  const classes = useStyles();
  const sortable = (column: string, label: string) => (
    <TableSortLabel
      active={order.column === column}
      direction={
        order.column === column && order.direction === 'ASC' ? 'asc' : 'desc'
      }
      onClick={() =>
        onOrderChange({
          column,
          direction:
            order.column === column && order.direction === 'DESC'
              ? 'ASC'
              : 'DESC',
        })
      }
    >
      {label}
    </TableSortLabel>
  );

  return (
    <Box style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Runs" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>{sortable('attributes.run_name', 'Run')}</TableCell>
            <TableCell>{sortable('attributes.status', 'Status')}</TableCell>
            <TableCell>
              {sortable('attributes.start_time', 'Started')}
            </TableCell>
            <TableCell>Duration</TableCell>
            {paramKeys.map(k => (
              <TableCell key={`p-${k}`}>
                {sortable(`params.\`${k}\``, k)}
              </TableCell>
            ))}
            {metricKeys.map(k => (
              <TableCell key={`m-${k}`} align="right">
                {sortable(`metrics.\`${k}\``, k)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map(run => {
            const name = run.runName ?? run.runId.slice(0, 8);
            return (
              <TableRow
                key={run.runId}
                hover
                selected={run.runId === selectedRunId}
                onClick={() => onSelect(run)}
              >
                <TableCell padding="checkbox">
                  <Radio
                    size="small"
                    checked={run.runId === selectedRunId}
                    onChange={() => onSelect(run)}
                    inputProps={{ 'aria-label': `Select ${name}` }}
                  />
                </TableCell>
                <TableCell>
                  {uiBaseUrl ? (
                    <Link
                      to={`${uiBaseUrl}/#/experiments/${run.experimentId}/runs/${run.runId}`}
                    >
                      {name}
                    </Link>
                  ) : (
                    name
                  )}
                </TableCell>
                <TableCell>
                  <RunStatus status={run.status} />
                </TableCell>
                <TableCell>{formatTime(run.startTime)}</TableCell>
                <TableCell>
                  {run.durationMs === undefined && run.status === 'RUNNING'
                    ? 'running'
                    : formatDuration(run.durationMs)}
                </TableCell>
                {paramKeys.map(k => (
                  <TableCell key={`p-${k}`}>{run.params[k] ?? '—'}</TableCell>
                ))}
                {metricKeys.map(k => (
                  <TableCell key={`m-${k}`} align="right">
                    {formatMetric(run.metrics[k])}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
};
