import {
  mlflowList as list,
  mlflowObject as obj,
  mlflowString as str,
} from '@mx-backstage/plugin-mx-common';
import { GatewayError } from './errors';
import { OutboundRequestError } from './outboundRules';
import type { SafeResponse } from './safeFetch';

type Json = Record<string, unknown>;

/** Who answered, for messages: set per MlflowClient. */
export type MlflowServer = {
  trackingUri: string;
  /** how to name the server in messages (default its origin) */
  label?: string;
  /** what to throw when a Kubernetes API server answers 404 for the service */
  serviceNotFound?: (message: string) => Error;
};

/**
 * MLflow's answer as JSON, or the error that explains it: MLflow's own error (client mistakes
 * keep 400/404, the rest is a 502), the cluster API server refusing the service proxy, or an
 * answer that is not MLflow JSON.
 */
export function readMlflowAnswer(
  server: MlflowServer,
  res: SafeResponse,
  body: Buffer,
  url: string,
): Json {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = text.length ? JSON.parse(text) : {};
  } catch {
    parsed = undefined;
  }
  const k8s = obj(parsed);
  if (res.status >= 400 && k8s.kind === 'Status' && k8s.apiVersion === 'v1') {
    // The Kubernetes API server answered for the service proxy, not MLflow.
    const message = str(k8s.message) ?? `HTTP ${res.status}`;
    if (res.status === 404 && server.serviceNotFound) {
      throw server.serviceNotFound(message);
    }
    throw new GatewayError(
      'ClusterRefused',
      502,
      `The cluster API server at ${new URL(url).origin} answered ${
        res.status
      }: ${message}${
        res.status === 401 || res.status === 403
          ? ' (the backend identity needs services/proxy in the MLflow namespace: container.services.proxy on GKE)'
          : ''
      }`,
    );
  }
  if (res.status >= 400) {
    const { error_code: code, message } = obj(parsed);
    const detail =
      typeof message === 'string'
        ? `${typeof code === 'string' ? `${code}: ` : ''}${message}`
        : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    // Client mistakes (bad filter, unknown run) keep their status; server trouble is a 502.
    const status = res.status === 400 || res.status === 404 ? res.status : 502;
    const hint =
      res.status === 401 || res.status === 403
        ? ' (check mx.mlflow.credentials for this host)'
        : '';
    const origin = server.label ?? new URL(url).origin;
    throw new GatewayError(
      'MlflowError',
      status,
      `MLflow at ${origin} answered ${res.status}: ${detail}${hint}`,
    );
  }
  if (
    parsed === undefined ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed)
  ) {
    const origin = server.label ?? new URL(url).origin;
    throw new GatewayError(
      'MlflowMalformedResponse',
      502,
      `MLflow at ${origin} answered with something that is not MLflow JSON (${
        res.headers['content-type'] ?? 'no content type'
      }: ${JSON.stringify(text.slice(0, 80))}); check that ${
        server.trackingUri
      } is the tracking server`,
    );
  }
  return parsed as Json;
}

/** A list field of an answer (absent means empty); anything else is a malformed answer. */
export function expectList(answer: Json, field: string, origin: string) {
  const value = answer[field];
  if (value !== undefined && !Array.isArray(value)) {
    throw new GatewayError(
      'MlflowMalformedResponse',
      502,
      `MLflow at ${origin} answered with a malformed '${field}' (expected a list)`,
    );
  }
  return list(value);
}

/** Maps a refused or failed outbound request to what the browser should see. */
export function toGatewayError(error: unknown): Error {
  if (error instanceof OutboundRequestError) {
    switch (error.kind) {
      case 'not-allowed':
      case 'blocked-address':
        return new GatewayError(
          'MlflowHostNotAllowed',
          403,
          error.message,
          error,
        );
      case 'timeout':
        return new GatewayError('MlflowTimeout', 504, error.message, error);
      case 'too-large':
        return new GatewayError(
          'MlflowResponseTooLarge',
          502,
          error.message,
          error,
        );
      default:
        return new GatewayError('MlflowUnreachable', 502, error.message, error);
    }
  }
  return error instanceof Error ? error : new Error(String(error));
}
