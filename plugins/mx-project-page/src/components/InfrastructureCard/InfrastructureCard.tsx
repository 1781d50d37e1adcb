import { InfoCard, Link, Progress } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ProjectState,
  terraformOutputValue,
} from '@mx-backstage/plugin-mx-common';
import { useProjectState } from '../../hooks';
import { formatTime } from '../helpers';
import { StateProblem } from '../StateProblem';

type Run = NonNullable<ProjectState['infrastructure']['lastApply']>;

function summary(run: Run | undefined, verb: string) {
  if (!run) return `never ${verb}`;
  return `${formatTime(run.at)} by ${run.by} (+${run.add} ~${run.change} -${
    run.destroy
  })`;
}

function outputsMatching(
  outputs: Record<string, unknown>,
  pattern: RegExp,
): string[] {
  return Object.entries(outputs).flatMap(([key, raw]) => {
    if (!pattern.test(key)) return [];
    const { value } = terraformOutputValue(raw);
    if (Array.isArray(value)) return value.map(String);
    return value === undefined || value === null ? [] : [String(value)];
  });
}

const LONG_VALUE = 120;

/** An output's value; long ones (a CA certificate) are cut, the full length said. */
function display(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > LONG_VALUE
    ? `${text.slice(0, 40)}… (${text.length} characters)`
    : text;
}

/** The project's cloud infrastructure, as recorded in its `.mx/state.yaml`. */
export const InfrastructureCard = () => {
  const { value, loading, error } = useProjectState();

  if (loading) return <Progress />;
  if (error) {
    return (
      <InfoCard title="Infrastructure">
        <StateProblem error={error} />
      </InfoCard>
    );
  }
  const { state, url } = value!;
  const { project, infrastructure } = state;
  const outputs = infrastructure.outputs ?? {};
  const cluster =
    outputsMatching(outputs, /^cluster_name$/)[0] ??
    outputsMatching(outputs, /cluster/i)[0];
  const buckets = outputsMatching(outputs, /bucket/i);
  const registry = outputsMatching(outputs, /registry|repository/i)[0];

  const rows: Array<[string, React.ReactNode]> = [
    [
      'GCP project',
      <Link
        to={`https://console.cloud.google.com/home/dashboard?project=${encodeURIComponent(
          project.gcpProjectId,
        )}`}
      >
        {project.gcpProjectId}
      </Link>,
    ],
    [
      'Region',
      project.zone ? `${project.region} (${project.zone})` : project.region,
    ],
    [
      'Cluster',
      cluster ?? 'not created yet (apply the deployment infrastructure)',
    ],
    ['Buckets', buckets.length ? buckets.join(', ') : '—'],
    ['Registry', registry ?? '—'],
    [
      'Terraform state',
      `gs://${infrastructure.backend.bucket}/${infrastructure.backend.prefix}`,
    ],
    ['Last plan', summary(infrastructure.lastPlan, 'planned')],
    ['Last apply', summary(infrastructure.lastApply, 'applied')],
  ];
  const outputEntries = Object.entries(outputs).sort(([a], [b]) =>
    a.localeCompare(b),
  );

  return (
    <InfoCard title="Infrastructure" subheader={`From ${url}`}>
      <Table size="small" aria-label="Infrastructure">
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
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Terraform outputs
      </Typography>
      {outputEntries.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No outputs yet: they appear after the first "Apply infrastructure".
        </Typography>
      ) : (
        <Table size="small" aria-label="Terraform outputs">
          <TableBody>
            {outputEntries.map(([key, raw]) => {
              const { value: v, sensitive } = terraformOutputValue(raw);
              return (
                <TableRow key={key}>
                  <TableCell component="th" scope="row">
                    <code>{key}</code>
                  </TableCell>
                  <TableCell>
                    {sensitive ? '(sensitive)' : display(v)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
