import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { terraformOutputValue } from '@mx-backstage/plugin-mx-common';
import { useProjectState } from '../../hooks';
import { formatTime, mlflowUi } from '../helpers';
import { StateProblem } from '../StateProblem';

/** A summary of the ML project for the entity overview page, linking to the "MX project" tab. */
export const MxProjectOverviewCard = () => {
  const { entity } = useEntity();
  const { value, loading, error } = useProjectState();
  const deepLink = { title: 'Open the MX project tab', link: 'mx' };

  if (loading) return <Progress />;
  if (error) {
    return (
      <InfoCard title="ML project" deepLink={deepLink}>
        <StateProblem error={error} />
      </InfoCard>
    );
  }
  const { project, generators, infrastructure } = value!.state;
  const cluster = Object.entries(infrastructure.outputs ?? {}).find(([k]) =>
    /cluster/i.test(k),
  );
  const ui = mlflowUi(entity);
  const rows: Array<[string, React.ReactNode]> = [
    ['Client', project.client],
    ['GCP project', `${project.gcpProjectId} (${project.region})`],
    [
      'Cluster',
      cluster
        ? String(terraformOutputValue(cluster[1]).value)
        : 'not created yet',
    ],
    ['Capabilities', Object.keys(generators).sort().join(', ') || 'none'],
    [
      'Last apply',
      infrastructure.lastApply
        ? `${formatTime(infrastructure.lastApply.at)} by ${
            infrastructure.lastApply.by
          }`
        : 'never applied',
    ],
    [
      'MLflow',
      ui.trackingUri && ui.exposed && ui.baseUrl ? (
        <Link to={ui.baseUrl}>{ui.trackingUri}</Link>
      ) : (
        ui.trackingUri ?? 'no tracking URI annotation'
      ),
    ],
  ];
  return (
    <InfoCard title="ML project" deepLink={deepLink}>
      <Table size="small" aria-label="ML project">
        <TableBody>
          {rows.map(([label, content]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell>{content}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
};
