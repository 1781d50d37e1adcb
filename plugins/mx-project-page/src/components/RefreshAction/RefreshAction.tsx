import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import RefreshIcon from '@material-ui/icons/Refresh';

/**
 * The Refresh button of a card header that shows MLflow data: the backend reuses MLflow's
 * answers for a few seconds, and this asks MLflow again (`fresh: true` on the client calls).
 */
export const RefreshAction = ({ onRefresh }: { onRefresh(): void }) => (
  <Tooltip title="Ask MLflow again (answers are reused for a few seconds)">
    <IconButton aria-label="Refresh from MLflow" onClick={onRefresh}>
      <RefreshIcon />
    </IconButton>
  </Tooltip>
);
