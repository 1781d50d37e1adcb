import { useCallback, useEffect, useState } from 'react';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
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
  UpgradeResult,
} from '@mx-backstage/plugin-mx-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mxUpgradesApiRef } from '../../api';

/** How often running upgrade tasks are polled. */
const POLL_MS = 2000;

type Run = StartUpgradesResponse & { results: UpgradeResult[]; error?: Error };

const tabOf = (entityRef: string) => {
  const ref = parseEntityRef(entityRef);
  return `/catalog/${ref.namespace}/${ref.kind}/${ref.name}/mx`;
};
const nameOf = (entityRef: string) => parseEntityRef(entityRef).name;

/**
 * The catalog-wide upgrades view: per generator, the ML projects whose recorded version is older
 * than the catalog's template, with what changed; select projects and upgrade them in one go (one
 * scaffolder task, so one commit or pull request, per project). The result lists each project's
 * outcome and the files left in conflict; a failed project's repository is untouched.
 */
export const UpgradesPage = () => {
  const api = useApi(mxUpgradesApiRef);
  const list = useAsyncRetry(() => api.listUpgrades(), [api]);
  const [run, setRun] = useState<Run | undefined>();

  return (
    <Page themeId="tool">
      <Header
        title="MX upgrades"
        subtitle="Projects whose generators are older than the templates in the catalog"
      />
      <Content>
        <ContentHeader title="Outdated projects" />
        {run && (
          <RunResults
            run={run}
            onUpdate={setRun}
            onDone={list.retry}
            onClose={() => setRun(undefined)}
          />
        )}
        {list.loading && !list.value && <Progress />}
        {list.error && <ResponseErrorPanel error={list.error} />}
        {list.value && list.value.generators.length === 0 && (
          <EmptyState
            missing="content"
            title="Every project is up to date"
            description="No ML project recorded an older version of a generator than the catalog's template."
          />
        )}
        {list.value?.generators.map(g => (
          <GeneratorUpgradesCard
            key={g.generator.id}
            upgrades={g}
            running={Boolean(
              run && run.results.some(r => r.status === 'running'),
            )}
            onStarted={started =>
              setRun({
                ...started,
                results: started.tasks.map(t => ({
                  taskId: t.taskId,
                  entityRef: t.entityRef,
                  status: 'running',
                  conflicts: [],
                })),
              })
            }
          />
        ))}
        {list.value && list.value.unreadable.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            Not checked (state unreadable):{' '}
            {list.value.unreadable
              .map(u => `${nameOf(u.entityRef)} (${u.message})`)
              .join('; ')}
          </Typography>
        )}
      </Content>
    </Page>
  );
};

function GeneratorUpgradesCard(props: {
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

function RunResults(props: {
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

const STATUS_TEXT: Record<UpgradeResult['status'], string> = {
  running: 'running…',
  upgraded: 'upgraded',
  unchanged: 'already up to date (no commit)',
  failed: 'failed: repository untouched',
  cancelled: 'cancelled: repository untouched',
};

function ResultRow({ result }: { result: UpgradeResult }) {
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
