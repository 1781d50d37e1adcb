import {
  CodeSnippet,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ProjectEndpointHealth } from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef } from '../../api';
import { mlflowUi, projectRefOf } from '../helpers';

const SOURCES: Record<ProjectEndpointHealth['source'], string> = {
  annotation: 'annotation',
  link: 'catalog link',
  'state-output': 'terraform output',
  mlflow: 'MLflow tracking URI',
  served: 'served by the project',
  cluster: 'in-cluster service, checked through the cluster API',
};

const Health = ({ endpoint }: { endpoint: ProjectEndpointHealth }) => {
  if (endpoint.status === 'up') {
    return (
      <StatusOK>
        up{endpoint.httpStatus ? ` (HTTP ${endpoint.httpStatus}` : ''}
        {endpoint.latencyMs !== undefined ? `, ${endpoint.latencyMs} ms)` : ')'}
      </StatusOK>
    );
  }
  if (endpoint.status === 'down') return <StatusError>down</StatusError>;
  return <StatusWarning>not checked</StatusWarning>;
};

/** How to reach an MLflow UI that is only exposed inside the cluster. */
const MlflowPortForward = () => {
  const { entity } = useEntity();
  const ui = mlflowUi(entity);
  if (!ui.trackingUri || ui.exposed) return null;
  return (
    <div style={{ marginTop: 16 }}>
      <Typography variant="subtitle2">MLflow UI</Typography>
      <Typography variant="body2" paragraph>
        MLflow ({ui.trackingUri}) is not exposed outside the cluster. Forward it
        to your machine, then open <Link to={ui.baseUrl!}>{ui.baseUrl}</Link>:
      </Typography>
      <CodeSnippet
        text={ui.portForwardCommand}
        language="shell"
        showCopyCodeButton
      />
    </div>
  );
};

/** The project's endpoints (models, labeling tool, apps, docs, MLflow) with live health. */
export const EndpointsCard = () => {
  const { entity } = useEntity();
  const api = useApi(mxProjectApiRef);
  const { value, loading, error } = useAsync(
    () => api.getEndpoints(projectRefOf(entity)),
    [api, entity],
  );

  if (loading) return <Progress />;
  if (error) {
    return (
      <InfoCard title="Endpoints">
        <ResponseErrorPanel
          error={error}
          title="Could not check the endpoints"
        />
        <MlflowPortForward />
      </InfoCard>
    );
  }
  const endpoints = value!.endpoints;
  return (
    <InfoCard title="Endpoints">
      {endpoints.length === 0 ? (
        <Typography variant="body2">
          No endpoints declared yet. They come from what the project serves (the
          in-cluster MLflow once training-infrastructure is deployed, the model
          API, the Streamlit app, CVAT), URL-valued terraform outputs and the{' '}
          <code>mx.backstage.io/endpoints</code> annotation (
          <code>Title=https://url, ...</code>).
        </Typography>
      ) : (
        <Table size="small" aria-label="Endpoints">
          <TableHead>
            <TableRow>
              <TableCell>Endpoint</TableCell>
              <TableCell>Health</TableCell>
              <TableCell>Details</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {endpoints.map(e => (
              <TableRow key={e.url}>
                <TableCell>
                  {e.source === 'cluster' ? (
                    <Typography variant="body2">{e.title}</Typography>
                  ) : (
                    <Link to={e.url}>{e.title}</Link>
                  )}
                  <Typography
                    variant="caption"
                    display="block"
                    color="textSecondary"
                  >
                    {e.url} · {SOURCES[e.source]}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Health endpoint={e} />
                </TableCell>
                <TableCell>
                  <Typography variant="caption">{e.message ?? ''}</Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {(value!.links ?? []).length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2">Links</Typography>
          {value!.links!.map(l => (
            <Typography key={l.url} variant="body2">
              <Link to={l.url}>{l.title}</Link>
            </Typography>
          ))}
        </Box>
      )}
      <MlflowPortForward />
    </InfoCard>
  );
};
