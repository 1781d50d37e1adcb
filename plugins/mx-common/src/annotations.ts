/** The catalog `spec.type` of every MX project component. */
export const ML_PROJECT_TYPE = 'ml-project';

/** Annotations an MX project's catalog-info.yaml carries. */
export const ANNOTATION_GCP_PROJECT = 'mx.backstage.io/gcp-project';
export const ANNOTATION_GCP_REGION = 'mx.backstage.io/gcp-region';
export const ANNOTATION_MLFLOW_TRACKING_URI = 'mx.backstage.io/mlflow-tracking-uri';
export const ANNOTATION_MLFLOW_SERVICE = 'mx.backstage.io/mlflow-service';
export const ANNOTATION_STATE_PATH = 'mx.backstage.io/state-path';

type EntityLike = {
  kind?: string;
  metadata?: { annotations?: Record<string, string> };
  spec?: Record<string, unknown> | { type?: unknown };
};

/** True for catalog components created by the `ml-project` generator. */
export function isMxProject(entity: EntityLike): boolean {
  return (
    (entity.kind ?? '').toLowerCase() === 'component' &&
    (entity.spec as { type?: unknown } | undefined)?.type === ML_PROJECT_TYPE
  );
}

/** True when the entity names the MLflow tracking server of its project. */
export function isMlflowAvailable(entity: EntityLike): boolean {
  return Boolean(entity.metadata?.annotations?.[ANNOTATION_MLFLOW_TRACKING_URI]);
}
