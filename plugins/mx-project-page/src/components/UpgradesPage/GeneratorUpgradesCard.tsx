import { useState } from 'react';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  GeneratorUpgrades,
  StartUpgradesResponse,
} from '@mx-backstage/plugin-mx-common';
import { mxUpgradesApiRef } from '../../api';
import { tabOf } from './upgradeRefs';

/** One generator's outdated projects, what changed since, and the button that upgrades the selected ones. */
export function GeneratorUpgradesCard(props: {
  upgrades: GeneratorUpgrades;
  running: boolean;
  onStarted: (started: StartUpgradesResponse) => void;
}) {
  const { upgrades, running, onStarted } = props;
  const { generator, projects } = upgrades;
  const api = useApi(mxUpgradesApiRef);
  const [selected, setSelected] = useState<Set<string>>(
    () => new Set(projects.map(p => p.entityRef)),
  );
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const toggle = (ref: string) =>
    setSelected(s => {
      const next = new Set(s);
      if (next.has(ref)) next.delete(ref);
      else next.add(ref);
      return next;
    });
  const chosen = projects.filter(p => selected.has(p.entityRef));
  // Every change newer than the oldest recorded version among the projects.
  const changes = [
    ...new Map(
      projects.flatMap(p => p.changes).map(c => [c.version, c]),
    ).values(),
  ];

  const start = async () => {
    setStarting(true);
    setError(undefined);
    try {
      onStarted(
        await api.startUpgrades({
          generator: generator.id,
          projects: chosen.map(p => p.entityRef),
        }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <InfoCard
      title={`${generator.title} ${generator.version ?? ''}`}
      subheader={`${projects.length} project${
        projects.length === 1 ? '' : 's'
      } recorded an older version`}
    >
      {changes.length > 0 && (
        <Typography
          variant="body2"
          component="div"
          role="note"
          aria-label={`What changed in ${generator.title}`}
        >
          What changed:
          <ul style={{ margin: '4px 0 12px' }}>
            {changes.map(c => (
              <li key={c.version}>
                {c.version}: {c.text}
              </li>
            ))}
          </ul>
        </Typography>
      )}
      <Table
        size="small"
        aria-label={`Outdated projects of ${generator.title}`}
      >
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Project</TableCell>
            <TableCell>Recorded</TableCell>
            <TableCell>Changes since</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {projects.map(p => (
            <TableRow key={p.entityRef}>
              <TableCell padding="checkbox">
                <Checkbox
                  checked={selected.has(p.entityRef)}
                  onChange={() => toggle(p.entityRef)}
                  inputProps={{ 'aria-label': `Upgrade ${p.title}` }}
                />
              </TableCell>
              <TableCell>
                <Link to={tabOf(p.entityRef)}>{p.title}</Link>
              </TableCell>
              <TableCell>{p.recordedVersion}</TableCell>
              <TableCell>{p.changes.map(c => c.version).join(', ')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {error && <ResponseErrorPanel error={error} />}
      <Button
        variant="contained"
        color="primary"
        style={{ marginTop: 12 }}
        disabled={chosen.length === 0 || starting || running}
        onClick={start}
      >
        Upgrade {chosen.length} selected project
        {chosen.length === 1 ? '' : 's'} to {generator.version}
      </Button>
    </InfoCard>
  );
}
