import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ANNOTATION_MLFLOW_SERVICE,
  ANNOTATION_MLFLOW_TRACKING_URI,
  isClusterInternalUrl,
  mlflowPortForwardCommand,
  parseMlflowService,
} from '@mx-backstage/plugin-mx-common';
import type { ProjectRef } from '../api';

/** The backend's address of a project entity. */
export function projectRefOf(entity: Entity): ProjectRef {
  return {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}

/** A time as `2026-01-01 09:30 UTC` (the same for every viewer). */
export function formatTime(ms: number | string | undefined): string {
  if (ms === undefined) return '—';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration as `1h 02m`, `12m 05s` or `42s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(sec)}s`;
  return `${sec}s`;
}

/** A metric value with up to four significant decimals. */
export function formatMetric(value: number | null | undefined): string {
  if (value === undefined) return '—';
  if (value === null) return 'NaN';
  return Number.isInteger(value)
    ? String(value)
    : String(Number(value.toPrecision(4)));
}

/** True when the backend answered 404 (the thing asked for does not exist). */
export function isNotFound(error: unknown): boolean {
  return ResponseError.is(error) && error.response.status === 404;
}

/** The backend's own explanation of a failed request, without the HTTP preamble. */
export function reasonOf(error: unknown): string {
  if (ResponseError.is(error)) return error.body.error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Where the MLflow UI of a project can be opened from a browser. */
export function mlflowUi(entity: Entity): {
  trackingUri?: string;
  /** the UI base URL; `http://localhost:<port>` after a port-forward when not exposed */
  baseUrl?: string;
  exposed: boolean;
  portForwardCommand: string;
} {
  const annotations = entity.metadata.annotations ?? {};
  const trackingUri = annotations[ANNOTATION_MLFLOW_TRACKING_URI];
  const serviceAnnotation = annotations[ANNOTATION_MLFLOW_SERVICE];
  const portForwardCommand = mlflowPortForwardCommand(serviceAnnotation);
  if (!trackingUri) return { exposed: false, portForwardCommand };
  const exposed = !isClusterInternalUrl(trackingUri);
  const baseUrl = exposed
    ? trackingUri.replace(/\/+$/, '')
    : `http://localhost:${parseMlflowService(serviceAnnotation).port}`;
  return { trackingUri, baseUrl, exposed, portForwardCommand };
}
