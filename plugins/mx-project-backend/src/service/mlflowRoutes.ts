import type { Readable } from 'node:stream';
import type express from 'express';
import type { Router } from 'express';
import type { z } from 'zod';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MLFLOW_CACHE_HEADER,
  MLFLOW_SHAPE_HEADER,
} from '@mx-backstage/plugin-mx-common';
import type { MlflowClient } from './mlflow';
import { MlflowAnswerCache, answerCachePolicy } from './mlflowAnswerCache';
import {
  experimentsSearchBody,
  historyQuery,
  pagedQuery,
  parse,
  runsSearchBody,
} from './requestSchemas';

/** MLflow's answer as it comes (runs pages): streamed through, or read whole when it was an error. */
type RawAnswer = { stream: Readable; length?: number } | { body: Buffer };

/** One MLflow route of a project: what it accepts, and which client call answers it. */
type MlflowRoute<T> = {
  method: 'get' | 'post';
  path: string;
  /** names the request in a 400 */
  what: string;
  schema: z.ZodType<T>;
  /** a normalised answer (sent as JSON), or MLflow's own bytes */
  answer: (
    client: MlflowClient,
    request: T,
  ) => Promise<{ json: unknown } | RawAnswer>;
  /** extra headers of every answer of this route */
  headers?: Record<string, string>;
};

const route = <T>(r: MlflowRoute<T>) => r as MlflowRoute<unknown>;

const ROUTES: MlflowRoute<unknown>[] = [
  route({
    method: 'post',
    path: 'experiments/search',
    what: 'experiments search',
    schema: experimentsSearchBody,
    answer: async (client, body) => ({
      json: await client.searchExperiments(body),
    }),
  }),
  route({
    method: 'post',
    path: 'runs/search',
    what: 'runs search',
    schema: runsSearchBody,
    // Runs pages are the large answers: MLflow's JSON is streamed through as it arrives
    // (checked, capped, deadline kept) and normalised by the page's API client with
    // normaliseMlflowRunsPage from mx-common, instead of parsed and rebuilt here.
    answer: (client, body) => client.searchRunsRaw(body),
    headers: { [MLFLOW_SHAPE_HEADER]: 'mlflow' },
  }),
  route({
    method: 'get',
    path: 'metrics/history',
    what: 'metric history request',
    schema: historyQuery,
    answer: async (client, query) => ({
      json: await client.metricHistory(query.runId, query.metricKey),
    }),
  }),
  route({
    method: 'get',
    path: 'registered-models',
    what: 'registered models request',
    schema: pagedQuery,
    answer: async (client, query) => ({
      json: await client.searchRegisteredModels(query),
    }),
  }),
  route({
    method: 'get',
    path: 'model-versions',
    what: 'model versions request',
    schema: pagedQuery,
    answer: async (client, query) => ({
      json: await client.searchModelVersions(query),
    }),
  }),
];

/**
 * Starts a JSON answer without Express's `res.json` extras: no ETag (a SHA-1 over every byte of a
 * runs page that no client revalidates against) and no second copy of the string. The browser
 * keeps nothing (`no-store`): reuse is the gateway's, bounded and bypassable.
 */
function startAnswer(
  res: express.Response,
  headers: Record<string, string> | undefined,
  cache: string | undefined,
) {
  res.status(200);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  if (cache) res.setHeader(MLFLOW_CACHE_HEADER, cache);
  for (const [name, value] of Object.entries(headers ?? {})) {
    res.setHeader(name, value);
  }
}

function endAnswer(res: express.Response, body: Buffer) {
  res.setHeader('content-length', body.length);
  res.end(body);
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

/**
 * The MLflow routes of a project: `/projects/:namespace/:name/mlflow/...` (plugin README). With
 * `answers`, a complete answer is reused for identical reads of the same project within its TTL
 * (after the caller's access was checked); `Cache-Control: no-cache` asks MLflow again.
 */
export function addMlflowRoutes(
  router: Router,
  deps: {
    entityFor: (req: express.Request) => Promise<Entity>;
    mlflowFor: (entity: Entity) => Promise<MlflowClient>;
    logger: LoggerService;
    answers?: MlflowAnswerCache;
  },
) {
  const { entityFor, mlflowFor, logger, answers } = deps;
  for (const r of ROUTES) {
    router[r.method](
      `/projects/:namespace/:name/mlflow/${r.path}`,
      async (req, res) => {
        const request = parse(
          r.schema,
          r.method === 'get' ? req.query : req.body,
          r.what,
        );
        // The caller's access first, on every request, cached answer or not.
        const entity = await entityFor(req);
        const client = await mlflowFor(entity);
        const ref = stringifyEntityRef(entity);
        // With reuse off (mx.mlflow.cacheTtlSeconds: 0) there is no key to build or policy to read.
        const reuse = answers && {
          cache: answers,
          key: `${ref}\n${client.target}\n${r.path}\n${JSON.stringify(
            request,
          )}`,
          ...answerCachePolicy(req.headers),
        };
        if (reuse?.lookup) {
          const hit = reuse.cache.get(reuse.key);
          if (hit) {
            startAnswer(res, r.headers, 'hit');
            res.setHeader('age', String(hit.ageSeconds));
            endAnswer(res, hit.body);
            return;
          }
        }
        const cacheState = reuse && (reuse.lookup ? 'miss' : 'bypass');
        const keep = reuse?.store ? reuse : undefined;
        const answer = await r.answer(client, request);
        if (!('stream' in answer)) {
          const body =
            'json' in answer
              ? Buffer.from(JSON.stringify(answer.json))
              : answer.body;
          keep?.cache.set(keep.key, body);
          startAnswer(res, r.headers, cacheState);
          endAnswer(res, body);
          return;
        }
        startAnswer(res, r.headers, cacheState);
        if (answer.length !== undefined) {
          res.setHeader('content-length', answer.length);
        }
        streamAnswer(answer.stream, res, error =>
          logger.warn(
            `mx-project: ${r.path} answer of ${ref} stopped while streaming: ${error.message}`,
          ),
        );
        keep?.cache.collect(keep.key, answer.stream);
      },
    );
  }
}
