import { Link } from '@backstage/core-components';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import type { UpgradeResult } from '@mx-backstage/plugin-mx-common';
import { nameOf, tabOf } from './upgradeRefs';

const STATUS_TEXT: Record<UpgradeResult['status'], string> = {
  running: 'running…',
  upgraded: 'upgraded',
  unchanged: 'already up to date (no commit)',
  failed: 'failed: repository untouched',
  cancelled: 'cancelled: repository untouched',
};

/** One project's upgrade task: its result, change (pull request or commit) and conflicts. */
export function ResultRow({ result }: { result: UpgradeResult }) {
  const name = result.entityRef ? nameOf(result.entityRef) : result.taskId;
  let change: JSX.Element | string = '—';
  if (result.pullRequestUrl) {
    change = <Link to={result.pullRequestUrl}>pull request</Link>;
  } else if (result.status === 'upgraded' && result.commitHash) {
    change = `commit ${result.commitHash.slice(0, 8)}`;
  } else if (result.error) {
    change = result.error;
  }
  return (
    <TableRow aria-label={`Upgrade of ${name}`}>
      <TableCell>
        {result.entityRef ? (
          <Link to={tabOf(result.entityRef)}>{name}</Link>
        ) : (
          name
        )}
      </TableCell>
      <TableCell>
        <Link to={`/create/tasks/${result.taskId}`}>
          {STATUS_TEXT[result.status]}
        </Link>
      </TableCell>
      <TableCell style={{ maxWidth: 420 }}>{change}</TableCell>
      <TableCell>
        {result.conflicts.length === 0 ? (
          'none'
        ) : (
          <ul style={{ margin: 0, paddingLeft: 16 }}>
            {result.conflicts.map(c => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        )}
      </TableCell>
    </TableRow>
  );
}
