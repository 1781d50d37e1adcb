import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_MLFLOW_TRACKING_URI,
  ProjectState,
} from '@mx-backstage/plugin-mx-common';
import { GatewayError } from './errors';
import { MlflowClient } from './mlflow';
import type { SafeFetcher } from './safeFetch';
import {
  ClusterService,
  ClusterTokenProvider,
  ProjectCluster,
  clusterFromState,
  notDeployedError,
  serviceProxyUrl,
} from './cluster';

/**
 * The MLflow of a project: the tracking URI its `mx.backstage.io/mlflow-tracking-uri`
 * annotation names (an external server), or else the in-cluster MLflow that
 * training-infrastructure deploys, reached through the cluster API server's service proxy.
 */
export function createProjectMlflow(options: {
  mlflowFetcher: SafeFetcher;
  clusterFetcher: (cluster: ProjectCluster) => SafeFetcher;
  clusterTokens: ClusterTokenProvider;
  mlflowService: ClusterService;
  readState: (entity: Entity) => Promise<{ state: ProjectState }>;
}): (entity: Entity) => Promise<MlflowClient> {
  const {
    mlflowFetcher,
    clusterFetcher,
    clusterTokens,
    mlflowService,
    readState,
  } = options;
  /** One client per tracking URI (it holds nothing per caller: the URI's parsed base only). */
  const trackingClients = new Map<string, MlflowClient>();
  return async function mlflowFor(entity) {
    const ref = stringifyEntityRef(entity);
    const uri = entity.metadata.annotations?.[ANNOTATION_MLFLOW_TRACKING_URI];
    if (uri) {
      let client = trackingClients.get(uri);
      if (!client) {
        try {
          new URL(uri); // eslint-disable-line no-new
        } catch {
          throw new GatewayError(
            'InvalidTrackingUri',
            400,
            `${ANNOTATION_MLFLOW_TRACKING_URI} '${uri}' is not a URL`,
          );
        }
        if (trackingClients.size >= 500) trackingClients.clear();
        client = new MlflowClient(mlflowFetcher, uri);
        trackingClients.set(uri, client);
      }
      return client;
    }
    let state: ProjectState;
    try {
      state = (await readState(entity)).state;
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          `${ref} has no MLflow: it has no ${ANNOTATION_MLFLOW_TRACKING_URI} annotation and no .mx/state.yaml to find its cluster (${error.message})`,
        );
      }
      throw error;
    }
    const cluster = clusterFromState(state);
    if (!cluster) throw notDeployedError(ref, 'no-cluster');
    const service = mlflowService;
    return new MlflowClient(
      clusterFetcher(cluster),
      serviceProxyUrl(cluster, service),
      {
        label: `the in-cluster MLflow (${service.namespace}/${
          service.service
        }:${service.port}) of cluster ${cluster.name ?? cluster.endpoint}`,
        bearerToken: async () => {
          try {
            return await clusterTokens.token({ entity, state, cluster });
          } catch (error) {
            throw new GatewayError(
              'ClusterTokenUnavailable',
              502,
              `No token for the cluster of ${ref}: ${
                error instanceof Error ? error.message : String(error)
              }`,
              error,
            );
          }
        },
        serviceNotFound: message =>
          notDeployedError(ref, 'no-service', message),
      },
    );
  };
}
