import type { Dispatch } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { RunsQuery, RunsQueryAction } from './runsQuery';

/** "Page n · runs a–b" with Previous/Next; MLflow pages forward by token only. */
export const RunsPager = (props: {
  query: RunsQuery;
  runsOnPage: number;
  nextPageToken?: string;
  dispatch: Dispatch<RunsQueryAction>;
}) => {
  const { query, runsOnPage, nextPageToken, dispatch } = props;
  const offset = query.pages[query.pageIndex].offset;
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      mt={1}
      style={{ gap: 8 }}
    >
      <Typography variant="body2">
        Page {query.pageIndex + 1} · runs {offset + 1}–{offset + runsOnPage}
      </Typography>
      <Button
        size="small"
        disabled={query.pageIndex === 0}
        onClick={() => dispatch({ type: 'previousPage' })}
      >
        Previous page
      </Button>
      <Button
        size="small"
        disabled={!nextPageToken}
        onClick={() =>
          dispatch({
            type: 'nextPage',
            token: nextPageToken,
            offset: offset + runsOnPage,
          })
        }
      >
        Next page
      </Button>
    </Box>
  );
};
