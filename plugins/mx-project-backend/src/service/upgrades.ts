import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, ResponseError, isError } from '@backstage/errors';
import {
  GeneratorInfo,
  ML_PROJECT_TYPE,
  ProjectState,
  StartUpgradesResponse,
  UpgradeResult,
  UpgradesResponse,
  isUpgradeAvailable,
  outdatedProjects,
  upgradeValues,
} from '@mx-backstage/plugin-mx-common';
import { listGenerators } from './generators';
import { createStateReader } from './state';

/**
 * The catalog-wide upgrades view (see the plugin README, "Upgrades"):
 *
 * - `GET /upgrades`: per generator, the ML projects whose recorded version is older than the
 *   catalog's template, with the changelog entries since;
 * - `POST /upgrades` `{ generator, projects }`: starts one scaffolder task per project, as the
 *   caller, with the project's recorded answers (what the page's Re-run sends). Each task ends
 *   with the generator's push step, so a project gets one commit or pull request, and a task that
 *   fails leaves its repository untouched while the others go on;
 * - `GET /upgrades/tasks?ids=…`: the outcome of those tasks (upgraded / unchanged / failed, the
 *   commit or pull request, the files left in conflict).
 */
export type UpgradesRouterOptions = {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  discovery: DiscoveryService;
  catalog: CatalogService;
  urlReader: UrlReaderService;
  /** How many project states are read at once when listing (default 6). */
  concurrency?: number;
};

const startBody = z.object({
  generator: z.string().min(1).max(200),
  projects: z.array(z.string().min(1).max(500)).min(1).max(100),
});

const resultsQuery = z.object({
  ids: z
    .string()
    .min(1)
    .max(100 * 64),
});

/** No caching: the view must show a project as upgraded as soon as its commit landed. */
const noCache = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions: () => noCache,
} as unknown as CacheService;

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return out;
}

const message = (e: unknown) => (isError(e) ? e.message : String(e));

type TaskEvent = {
  type: string;
  body?: { message?: string; status?: string; output?: unknown };
};

/** The outcome of one finished (or running) scaffolder task of an upgrade. */
export function upgradeResultOf(
  task: {
    id: string;
    status: string;
    spec?: { parameters?: Record<string, unknown> };
  },
  events: TaskEvent[],
): UpgradeResult {
  const project = task.spec?.parameters?.project;
  const base = {
    taskId: task.id,
    ...(typeof project === 'string' ? { entityRef: project } : {}),
    conflicts: [] as string[],
  };
  if (task.status === 'open' || task.status === 'processing') {
    return { ...base, status: 'running' };
  }
  const completion = events.find(e => e.type === 'completion');
  const output = (completion?.body?.output ?? {}) as Record<string, unknown>;
  const conflicts = Array.isArray(output.conflicts)
    ? output.conflicts.filter((c): c is string => typeof c === 'string')
    : [];
  if (task.status !== 'completed') {
    // The step that failed logs the error with status `failed`.
    const failed = [...events]
      .reverse()
      .find(e => e.type === 'log' && e.body?.status === 'failed');
    return {
      ...base,
      status: task.status === 'cancelled' ? 'cancelled' : 'failed',
      error:
        failed?.body?.message ??
        completion?.body?.message ??
        `the task ended ${task.status}`,
    };
  }
  const str = (v: unknown) =>
    typeof v === 'string' && v.length > 0 ? v : undefined;
  return {
    ...base,
    // A template that does not say whether it pushed is counted as upgraded (it ran to the end).
    status: output.changed === false ? 'unchanged' : 'upgraded',
    ...(str(output.commitHash) ? { commitHash: str(output.commitHash) } : {}),
    ...(str(output.pullRequestUrl)
      ? { pullRequestUrl: str(output.pullRequestUrl) }
      : {}),
    conflicts,
  };
}

export async function createUpgradesRouter(
  options: UpgradesRouterOptions,
): Promise<express.Router> {
  const { httpAuth, auth, discovery, catalog, logger } = options;
  const concurrency = options.concurrency ?? 6;
  const readState = createStateReader({
    urlReader: options.urlReader,
    cache: noCache,
    ttlSeconds: 0,
  });

  /** Calls the scaffolder's REST API as the caller (an on-behalf-of token). */
  async function scaffolder(
    credentials: BackstageCredentials,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<any> {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'scaffolder',
    });
    const res = await fetch(
      `${await discovery.getBaseUrl('scaffolder')}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  /** Every ML project the caller may see, with its state (or why it is unreadable). */
  async function projectsWithState(credentials: BackstageCredentials) {
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component', 'spec.type': ML_PROJECT_TYPE } },
      { credentials },
    );
    return mapLimited(items, concurrency, async (entity: Entity) => {
      const entityRef = stringifyEntityRef(entity);
      const title = entity.metadata.title ?? entity.metadata.name;
      try {
        const { state } = await readState(entity);
        return { entityRef, title, entity, state };
      } catch (e) {
        return { entityRef, title, entity, error: message(e) };
      }
    });
  }

  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/upgrades', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [generators, projects] = await Promise.all([
      listGenerators(catalog, credentials),
      projectsWithState(credentials),
    ]);
    const readable = projects.flatMap(p =>
      p.state
        ? [{ entityRef: p.entityRef, title: p.title, state: p.state }]
        : [],
    );
    const body: UpgradesResponse = {
      generators: generators
        .filter(g => g.kind !== 'operation')
        .map(generator => ({
          generator,
          projects: outdatedProjects(generator, readable),
        }))
        .filter(g => g.projects.length > 0),
      unreadable: projects.flatMap(p =>
        p.error ? [{ entityRef: p.entityRef, message: p.error }] : [],
      ),
    };
    res.json(body);
  });

  router.post('/upgrades', async (req, res) => {
    const parsed = startBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `Invalid upgrade request: ${issue.path.join('.') || 'body'}: ${
          issue.message
        }; send { "generator": "<generator id>", "projects": ["component:default/<name>", …] }`,
      );
    }
    const credentials = await httpAuth.credentials(req);
    const generators = await listGenerators(catalog, credentials);
    const generator: GeneratorInfo | undefined = generators.find(
      g => g.id === parsed.data.generator,
    );
    if (!generator || generator.kind === 'operation') {
      throw new InputError(
        `'${parsed.data.generator}' is not a generator in the catalog you can see (a Template labelled mx.backstage.io/generator); operations are not upgraded`,
      );
    }

    const refs = [...new Set(parsed.data.projects.map(normalizeRef))];
    const answer: StartUpgradesResponse = {
      generator: generator.id,
      templateRef: generator.templateRef,
      tasks: [],
      refused: [],
    };
    // Each project is checked and started on its own: one that cannot be upgraded is refused
    // with the reason, the others still start.
    await mapLimited(refs, concurrency, async ref => {
      if (!ref.ok) {
        answer.refused.push({ entityRef: ref.raw, reason: ref.reason });
        return;
      }
      const entityRef = ref.ref;
      let state: ProjectState;
      try {
        const entity = await catalog.getEntityByRef(entityRef, {
          credentials,
        });
        if (!entity) {
          answer.refused.push({
            entityRef,
            reason: 'not in the catalog (or you may not read it)',
          });
          return;
        }
        state = (await readState(entity)).state;
      } catch (e) {
        answer.refused.push({ entityRef, reason: message(e) });
        return;
      }
      const record = state.generators[generator.id];
      if (!record) {
        answer.refused.push({
          entityRef,
          reason: `${generator.id} is not applied to this project`,
        });
        return;
      }
      if (!isUpgradeAvailable(generator.version, record.version)) {
        answer.refused.push({
          entityRef,
          reason: `already at ${record.version} (the catalog has ${
            generator.version ?? 'no version'
          })`,
        });
        return;
      }
      try {
        const created = await scaffolder(credentials, 'POST', '/v2/tasks', {
          templateRef: generator.templateRef,
          values: upgradeValues(state, generator, entityRef),
        });
        answer.tasks.push({ entityRef, taskId: String(created.id) });
      } catch (e) {
        logger.warn(
          `mx-project: upgrade of ${entityRef} to ${
            generator.templateRef
          } not started: ${message(e)}`,
        );
        answer.refused.push({
          entityRef,
          reason: `the scaffolder refused the task: ${message(e)}`,
        });
      }
    });
    answer.tasks.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    answer.refused.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    res.status(202).json(answer);
  });

  router.get('/upgrades/tasks', async (req, res) => {
    const parsed = resultsQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        'Invalid upgrade results request: pass the task ids as ?ids=<id>,<id>',
      );
    }
    const ids = [
      ...new Set(
        parsed.data.ids
          .split(',')
          .map(s => s.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.some(id => !/^[A-Za-z0-9-]{1,64}$/.test(id)) || ids.length > 100) {
      throw new InputError(
        'Invalid upgrade results request: ids are scaffolder task ids (at most 100)',
      );
    }
    const credentials = await httpAuth.credentials(req);
    const results = await mapLimited(ids, concurrency, async id => {
      const task = await scaffolder(
        credentials,
        'GET',
        `/v2/tasks/${encodeURIComponent(id)}`,
      );
      const done = !['open', 'processing'].includes(task.status);
      const events: TaskEvent[] = done
        ? await scaffolder(
            credentials,
            'GET',
            `/v2/tasks/${encodeURIComponent(id)}/events`,
          )
        : [];
      return upgradeResultOf(task, events);
    });
    res.json({ results });
  });

  return router;
}

function normalizeRef(
  raw: string,
): { ok: true; ref: string } | { ok: false; raw: string; reason: string } {
  try {
    return {
      ok: true,
      ref: stringifyEntityRef(
        parseEntityRef(raw, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      ),
    };
  } catch (e) {
    return { ok: false, raw, reason: `not an entity reference: ${message(e)}` };
  }
}
