import type { Readable } from 'node:stream';
import type express from 'express';
import type { Router } from 'express';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { MLFLOW_SHAPE_HEADER } from '@mx-backstage/plugin-mx-common';
import type { MlflowClient } from './mlflow';
import {
  experimentsSearchBody,
  historyQuery,
  pagedQuery,
  parse,
  runsSearchBody,
} from './requestSchemas';

/**
 * Sends a JSON answer without Express's `res.json` extras: no ETag (a SHA-1 over every byte of a
 * runs page that no client revalidates against) and no second copy of the string.
 */
function sendJson(res: express.Response, body: unknown) {
  res.status(200);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * Pipes an upstream answer to the response. On an upstream error the response is cut (the client
 * sees an incomplete answer, never a truncated one presented as whole); when the client goes
 * away first, the upstream is dropped. Same guarantees as `stream.pipeline` without its
 * per-call AbortController, whose DOMException (a captured stack trace) cost ~0.15 ms a page.
 */
function streamAnswer(
  source: Readable,
  res: express.Response,
  onError: (error: Error) => void,
) {
  source.once('error', error => {
    onError(error);
    res.destroy(error);
  });
  res.once('close', () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(res);
}

/** The MLflow routes of a project: `/projects/:namespace/:name/mlflow/...` (plugin README). */
export function addMlflowRoutes(
  router: Router,
  deps: {
    entityFor: (req: express.Request) => Promise<Entity>;
    mlflowFor: (entity: Entity) => Promise<MlflowClient>;
    logger: LoggerService;
  },
) {
  const { entityFor, mlflowFor, logger } = deps;
  router.post(
    '/projects/:namespace/:name/mlflow/experiments/search',
    async (req, res) => {
      const body = parse(experimentsSearchBody, req.body, 'experiments search');
      const entity = await entityFor(req);
      sendJson(res, await (await mlflowFor(entity)).searchExperiments(body));
    },
  );

  router.post(
    '/projects/:namespace/:name/mlflow/runs/search',
    async (req, res) => {
      const body = parse(runsSearchBody, req.body, 'runs search');
      const entity = await entityFor(req);
      // Runs pages are the large answers: MLflow's JSON is streamed through as it arrives
      // (checked, capped, deadline kept) and normalised by the page's API client with
      // normaliseMlflowRunsPage from mx-common, instead of parsed and rebuilt here.
      const answer = await (await mlflowFor(entity)).searchRunsRaw(body);
      res.status(200);
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.setHeader(MLFLOW_SHAPE_HEADER, 'mlflow');
      if ('body' in answer) {
        res.end(answer.body);
        return;
      }
      streamAnswer(answer.stream, res, error =>
        logger.warn(
          `mx-project: runs page of ${stringifyEntityRef(
            entity,
          )} stopped while streaming: ${error.message}`,
        ),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/metrics/history',
    async (req, res) => {
      const query = parse(historyQuery, req.query, 'metric history request');
      const entity = await entityFor(req);
      sendJson(
        res,
        await (
          await mlflowFor(entity)
        ).metricHistory(query.runId, query.metricKey),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/registered-models',
    async (req, res) => {
      const query = parse(pagedQuery, req.query, 'registered models request');
      const entity = await entityFor(req);
      sendJson(
        res,
        await (await mlflowFor(entity)).searchRegisteredModels(query),
      );
    },
  );

  router.get(
    '/projects/:namespace/:name/mlflow/model-versions',
    async (req, res) => {
      const query = parse(pagedQuery, req.query, 'model versions request');
      const entity = await entityFor(req);
      sendJson(res, await (await mlflowFor(entity)).searchModelVersions(query));
    },
  );
}
