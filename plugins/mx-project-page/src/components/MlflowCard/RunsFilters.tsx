import type { Dispatch } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { MlflowExperiment } from '@mx-backstage/plugin-mx-common';
import { PAGE_SIZES, RunsQuery, RunsQueryAction } from './runsQuery';

const STATUSES = ['FINISHED', 'FAILED', 'RUNNING', 'SCHEDULED', 'KILLED'];

/** Experiment, run status, MLflow filter and page size of the runs table. */
export const RunsFilters = (props: {
  experiments: MlflowExperiment[];
  query: RunsQuery;
  dispatch: Dispatch<RunsQueryAction>;
}) => {
  const { experiments, query, dispatch } = props;
  return (
    <Grid container spacing={2} alignItems="flex-end">
      <Grid item xs={12} sm={3}>
        <TextField
          select
          fullWidth
          id="mx-mlflow-experiment"
          label="Experiment"
          value={query.experimentId}
          onChange={e =>
            dispatch({
              type: 'experiment',
              experimentId: String(e.target.value),
            })
          }
        >
          <MenuItem value="all">All experiments</MenuItem>
          {experiments.map(e => (
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
          value={query.status}
          onChange={e =>
            dispatch({ type: 'status', status: String(e.target.value) })
          }
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
            dispatch({ type: 'applyFilter' });
          }}
          style={{ display: 'flex', alignItems: 'flex-end', gap: 8 }}
        >
          <TextField
            fullWidth
            id="mx-mlflow-filter"
            label="Filter"
            placeholder="metrics.rmse < 1 and params.optimizer = 'adam'"
            value={query.filterInput}
            onChange={e =>
              dispatch({ type: 'editFilter', text: e.target.value })
            }
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
          value={query.pageSize}
          onChange={e =>
            dispatch({ type: 'pageSize', pageSize: Number(e.target.value) })
          }
        >
          {PAGE_SIZES.map(n => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
    </Grid>
  );
};
