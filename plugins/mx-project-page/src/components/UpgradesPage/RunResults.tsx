import { useCallback, useEffect } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { UpgradeResult } from '@mx-backstage/plugin-mx-common';
import { mxUpgradesApiRef } from '../../api';
import { ResultRow } from './ResultRow';
import { Run, nameOf } from './upgradeRefs';

/** How often running upgrade tasks are polled. */
const POLL_MS = 2000;

/** An upgrade run's outcome per project, polled while tasks are running. */
export function RunResults(props: {
  run: Run;
  onUpdate: (run: Run) => void;
  onDone: () => void;
  onClose: () => void;
}) {
  const { run, onUpdate, onDone, onClose } = props;
  const api = useApi(mxUpgradesApiRef);
  const pending = run.results.some(r => r.status === 'running');
  const ids = run.tasks.map(t => t.taskId);

  const poll = useCallback(async () => {
    try {
      const { results } = await api.upgradeResults(ids);
      onUpdate({ ...run, results, error: undefined });
      if (results.every(r => r.status !== 'running')) onDone();
    } catch (e) {
      onUpdate({ ...run, error: e as Error });
    }
  }, [api, ids, run, onUpdate, onDone]);

  useEffect(() => {
    if (!pending) return undefined;
    const timer = setTimeout(poll, POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, poll]);

  const count = (s: UpgradeResult['status']) =>
    run.results.filter(r => r.status === s).length;
  const conflicts = run.results.reduce((n, r) => n + r.conflicts.length, 0);
  const summary = [
    `${count('upgraded')} upgraded`,
    count('unchanged') ? `${count('unchanged')} unchanged` : '',
    count('failed') ? `${count('failed')} failed (repository untouched)` : '',
    count('running') ? `${count('running')} running` : '',
    run.refused.length ? `${run.refused.length} not started` : '',
    `${conflicts} conflict${conflicts === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <InfoCard
      title={`Upgrade to ${run.templateRef}`}
      subheader={summary}
      action={
        pending ? undefined : (
          <Button size="small" onClick={onClose}>
            Close
          </Button>
        )
      }
    >
      {pending && <Progress />}
      {run.error && <ResponseErrorPanel error={run.error} />}
      <Table size="small" aria-label="Upgrade results">
        <TableHead>
          <TableRow>
            <TableCell>Project</TableCell>
            <TableCell>Result</TableCell>
            <TableCell>Change</TableCell>
            <TableCell>Conflicts (your version kept)</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {run.results.map(r => (
            <ResultRow key={r.taskId} result={r} />
          ))}
          {run.refused.map(r => (
            <TableRow key={r.entityRef}>
              <TableCell>{nameOf(r.entityRef)}</TableCell>
              <TableCell>not started</TableCell>
              <TableCell colSpan={2}>{r.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
