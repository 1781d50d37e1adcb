import { Fragment } from 'react';
import { InfoCard, LinkButton, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  GeneratorInfo,
  GeneratorRecord,
  changesSince,
  generatorTemplateUrl,
  isUpgradeAvailable,
  recordedAnswers,
} from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef } from '../../api';
import { useProjectState } from '../../hooks';
import { formatTime } from '../helpers';
import { StateProblem } from '../StateProblem';

type Row = { id: string; info?: GeneratorInfo; record?: GeneratorRecord };

/**
 * The generators in the catalog (Template entities labelled `mx.backstage.io/generator`): the
 * ones applied to the project (version, when, by) with "Re-run" — the form opens with the
 * project's recorded answers — and an upgrade notice when the template is newer than the recorded
 * version; the ones not yet applied with "Add capability"; and the day-2 operations.
 */
export const GeneratorsCard = () => {
  const { entity } = useEntity();
  const api = useApi(mxProjectApiRef);
  const projectState = useProjectState();
  const catalog = useAsync(() => api.listGenerators(), [api]);
  const loading = projectState.loading || catalog.loading;
  const error = projectState.error ?? catalog.error;

  if (loading) return <Progress />;
  if (error) {
    return (
      <InfoCard title="Capabilities">
        <StateProblem error={error} />
      </InfoCard>
    );
  }
  const { state } = projectState.value!;
  const generators = catalog.value!;
  const applied = state.generators;
  const entityRef = stringifyEntityRef(entity);
  const byId = new Map(generators.map(g => [g.id, g]));
  const operations = generators.filter(g => g.kind === 'operation');
  const rows: Row[] = [
    ...generators
      .filter(g => g.kind !== 'operation')
      .map(g => ({ id: g.id, info: g, record: applied[g.id] })),
    // Applied generators whose template is no longer in the catalog (or not visible to you).
    ...Object.keys(applied)
      .filter(id => !byId.has(id))
      .map(id => ({ id, record: applied[id] })),
  ].sort((a, b) => rank(a) - rank(b));

  return (
    <InfoCard title="Capabilities">
      <Table size="small" aria-label="Generators">
        <TableHead>
          <TableRow>
            <TableCell>Generator</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Applied</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <GeneratorRow
              key={row.id}
              row={row}
              applied={applied}
              project={state.project}
              entityRef={entityRef}
            />
          ))}
        </TableBody>
      </Table>
      {operations.length > 0 && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 16 }}>
            Operations
          </Typography>
          {operations.map(g => (
            <LinkButton
              key={g.id}
              size="small"
              variant="outlined"
              to={generatorTemplateUrl(g.name, entityRef, g.namespace)}
              style={{ marginRight: 8, marginTop: 8 }}
            >
              {g.title}
            </LinkButton>
          ))}
        </>
      )}
    </InfoCard>
  );
};

/** The project skeleton first, then applied capabilities, then the rest. */
function rank(row: Row): number {
  if (row.info?.kind === 'project') return 0;
  return row.record ? 1 : 2;
}

function GeneratorRow(props: {
  row: Row;
  applied: Record<string, GeneratorRecord>;
  project: Record<string, unknown>;
  entityRef: string;
}) {
  const { row, applied, project, entityRef } = props;
  const { info, record } = row;
  const title = info?.title ?? row.id;
  const upgrade =
    info && record && isUpgradeAvailable(info.version, record.version);
  const changes = upgrade ? changesSince(info!, record!.version) : [];
  const missing = (info?.requires ?? []).filter(id => !(id in applied));
  const destructive = record ? info?.destructiveAnswers ?? [] : [];

  let action: JSX.Element | string;
  if (!info) {
    action = 'template not in the catalog';
  } else if (info.kind === 'project' && !record) {
    // A project created without the skeleton generator: nothing recorded to re-run it from.
    action = 'not created by this generator';
  } else if (!record && missing.length > 0) {
    action = `needs ${missing.join(', ')} first`;
  } else {
    let verb = 'Add capability';
    if (record) verb = upgrade ? 'Upgrade' : 'Re-run';
    action = (
      <LinkButton
        size="small"
        variant={record && !upgrade ? 'outlined' : 'contained'}
        color="primary"
        to={generatorTemplateUrl(
          info.name,
          entityRef,
          info.namespace,
          recordedAnswers(
            { project, generators: applied },
            row.id,
            info.projectAnswers,
          ),
        )}
        aria-label={`${verb} ${title}`}
      >
        {verb}
      </LinkButton>
    );
  }

  return (
    <Fragment>
      <TableRow>
        <TableCell>{title}</TableCell>
        <TableCell style={{ whiteSpace: 'nowrap' }}>
          {record?.version ?? info?.version ?? '—'}
          {upgrade && (
            <Typography
              variant="caption"
              display="block"
              color="secondary"
              aria-label={`${title} upgrade available`}
            >
              {info!.version} available
            </Typography>
          )}
        </TableCell>
        <TableCell>
          {record
            ? `${formatTime(record.appliedAt)} by ${record.appliedBy}`
            : 'not applied'}
        </TableCell>
        <TableCell align="right">{action}</TableCell>
      </TableRow>
      {(upgrade || destructive.length > 0) && (
        <TableRow>
          <TableCell colSpan={4} style={{ borderTop: 0, paddingTop: 0 }}>
            {upgrade && (
              <Typography
                variant="body2"
                component="div"
                role="note"
                aria-label={`What changed in ${title}`}
              >
                {title} {info!.version} is newer than {record!.version}, the
                version this project recorded.
                {changes.length > 0 ? ' What changed:' : ''}
                {changes.length > 0 && (
                  <ul style={{ margin: '4px 0' }}>
                    {changes.map(c => (
                      <li key={c.version}>
                        {c.version}: {c.text}
                      </li>
                    ))}
                  </ul>
                )}
              </Typography>
            )}
            {destructive.length > 0 && (
              <Typography variant="caption" color="textSecondary">
                Changing{' '}
                {destructive
                  .map(d => (d.reason ? `${d.key} (${d.reason})` : d.key))
                  .join(', ')}{' '}
                destroys data.
              </Typography>
            )}
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}
