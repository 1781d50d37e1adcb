import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef } from '../../api';
import { useFollowsRefresh, useRefresh } from '../../hooks';
import { formatTime, mlflowUi, projectRefOf } from '../helpers';
import {
  MlflowNotDeployed,
  isMlflowNotDeployed,
} from '../MlflowCard/MlflowNotDeployed';
import { RefreshAction } from '../RefreshAction';

/**
 * The project's MLflow model registry: each model's latest version, stage and aliases. Refresh
 * (card header) asks MLflow again past the backend's short cache.
 */
export const RegisteredModelsCard = () => {
  const { entity } = useEntity();
  const api = useApi(mxProjectApiRef);
  const ui = mlflowUi(entity);
  const { refreshes, refresh } = useRefresh();
  const followsRefresh = useFollowsRefresh(refreshes);
  const { value, loading, error } = useAsync(
    () =>
      api.searchRegisteredModels(
        projectRefOf(entity),
        { maxResults: 100 },
        { fresh: followsRefresh() },
      ),
    [api, entity, refreshes],
  );
  const action = <RefreshAction onRefresh={refresh} />;

  // A refresh keeps the previous list on screen while the new one loads.
  if (loading && !value) return <Progress />;
  if (error) {
    if (isMlflowNotDeployed(error)) {
      return (
        <InfoCard title="Registered models" action={action}>
          <MlflowNotDeployed entity={entity} error={error} />
        </InfoCard>
      );
    }
    return (
      <InfoCard title="Registered models" action={action}>
        <ResponseErrorPanel
          error={error}
          title="Could not list the registered models"
        />
      </InfoCard>
    );
  }
  const models = value!.registeredModels;
  return (
    <InfoCard title="Registered models" action={action}>
      {models.length === 0 ? (
        <EmptyState
          missing="data"
          title="No registered models yet"
          description="Register a trained model with mlflow.register_model() (or log_model(..., registered_model_name=...)) and it appears here."
        />
      ) : (
        <Table size="small" aria-label="Registered models">
          <TableHead>
            <TableRow>
              <TableCell>Model</TableCell>
              <TableCell>Latest version</TableCell>
              <TableCell>Stage</TableCell>
              <TableCell>Aliases</TableCell>
              <TableCell>Updated</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {models.map(model => {
              const latest =
                model.latestVersions[model.latestVersions.length - 1];
              return (
                <TableRow key={model.name}>
                  <TableCell>
                    {ui.baseUrl ? (
                      <Link
                        to={`${ui.baseUrl}/#/models/${encodeURIComponent(
                          model.name,
                        )}`}
                      >
                        {model.name}
                      </Link>
                    ) : (
                      model.name
                    )}
                  </TableCell>
                  <TableCell>{latest ? `v${latest.version}` : '—'}</TableCell>
                  <TableCell>{latest?.currentStage ?? '—'}</TableCell>
                  <TableCell>
                    {model.aliases
                      .map(a => `@${a.alias} → v${a.version}`)
                      .join(', ') || '—'}
                  </TableCell>
                  <TableCell>{formatTime(model.lastUpdatedTime)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
