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
  GENERATOR_IDS,
  generatorTemplateUrl,
} from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef } from '../../api';
import { formatTime, projectRefOf } from '../helpers';
import { StateProblem } from '../StateProblem';

/** Day-2 operations: run any time, never "applied" as a capability. */
const OPERATIONS: Record<string, string> = {
  'apply-infrastructure': 'Apply infrastructure',
  deploy: 'Deploy to cluster',
};

const TITLES: Record<string, string> = {
  'ml-project': 'ML project (skeleton)',
  cloudbuild: 'Cloud Build',
  'distributed-training': 'Distributed training',
  'deployment-infrastructure': 'Deployment infrastructure',
  'seldon-serving': 'Seldon model serving',
  'cvat-labeling': 'CVAT labeling tool',
  'streamlit-app': 'Streamlit app',
  'sphinx-docs': 'Sphinx docs',
  'debug-pod': 'Debug pod',
};

/**
 * The generators applied to the project (version, when, by) with "Re-run", and the ones not yet
 * applied with "Add capability": each opens its template with this project pre-selected.
 */
export const GeneratorsCard = () => {
  const { entity } = useEntity();
  const api = useApi(mxProjectApiRef);
  const { value, loading, error } = useAsync(
    () => api.getState(projectRefOf(entity)),
    [api, entity],
  );

  if (loading) return <Progress />;
  if (error) {
    return (
      <InfoCard title="Capabilities">
        <StateProblem error={error} />
      </InfoCard>
    );
  }
  const applied = value!.state.generators;
  const entityRef = stringifyEntityRef(entity);
  const capabilities = GENERATOR_IDS.filter(id => !(id in OPERATIONS));
  const unknown = Object.keys(applied).filter(
    id => !(GENERATOR_IDS as readonly string[]).includes(id),
  );

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
          {[...capabilities, ...unknown].map(id => {
            const record = applied[id];
            return (
              <TableRow key={id}>
                <TableCell>{TITLES[id] ?? id}</TableCell>
                <TableCell>{record?.version ?? '—'}</TableCell>
                <TableCell>
                  {record
                    ? `${formatTime(record.appliedAt)} by ${record.appliedBy}`
                    : 'not applied'}
                </TableCell>
                <TableCell align="right">
                  <LinkButton
                    size="small"
                    variant={record ? 'outlined' : 'contained'}
                    color="primary"
                    to={generatorTemplateUrl(id, entityRef)}
                    aria-label={`${record ? 'Re-run' : 'Add capability'} ${
                      TITLES[id] ?? id
                    }`}
                  >
                    {record ? 'Re-run' : 'Add capability'}
                  </LinkButton>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Operations
      </Typography>
      {Object.entries(OPERATIONS).map(([id, label]) => (
        <LinkButton
          key={id}
          size="small"
          variant="outlined"
          to={generatorTemplateUrl(id, entityRef)}
          style={{ marginRight: 8, marginTop: 8 }}
        >
          {label}
        </LinkButton>
      ))}
    </InfoCard>
  );
};
