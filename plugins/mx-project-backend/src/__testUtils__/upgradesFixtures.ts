import http from 'node:http';
import type { AddressInfo } from 'node:net';
import YAML from 'yaml';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { INVALID_STATE_YAML, VALID_STATE_YAML } from '../testing/fixtures';

/**
 * Fixtures of the upgrades routes test (plugin.upgrades.test.ts): generator templates, project
 * states recording older versions, and a recording stand-in of the scaffolder's REST API
 * (`POST /v2/tasks`, `GET /v2/tasks/:id` and `/events`, as service/scaffolderClient.ts calls them)
 * on 127.0.0.1.
 */

export const ADA = 'user:default/ada';
export const KEEPER = 'user:default/keeper'; // the only one who may read the project `vault`
export const asUser = (ref: string) => mockCredentials.user.header(ref);

export function template(
  name: string,
  version: string,
  type: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      title: name,
      labels: { 'mx.backstage.io/generator': name },
      annotations: {
        'mx.backstage.io/generator-version': version,
        ...annotations,
      },
    },
    spec: { type, owner: 'group:default/platform', steps: [] },
  };
}

/** A valid state recording these generators (version and answers). */
export function stateYaml(
  generators: Record<string, { version: string; values?: object }>,
): string {
  const state = YAML.parse(VALID_STATE_YAML);
  state.generators = Object.fromEntries(
    Object.entries(generators).map(([id, g]) => [
      id,
      {
        version: g.version,
        values: g.values ?? {},
        appliedAt: '2026-11-01T09:00:00.000Z',
        appliedBy: ADA,
      },
    ]),
  );
  return YAML.stringify(state);
}

export const STATES: Record<string, string> = {
  churn: stateYaml({
    'ml-project': { version: '1.0.0' },
    'debug-pod': { version: '1.0.0', values: { gpu: false, storageGi: 20 } },
    'sphinx-docs': { version: '1.0.0' },
  }),
  fraud: stateYaml({
    'ml-project': { version: '1.0.0' },
    'debug-pod': { version: '1.1.0', values: { gpu: true, storageGi: 50 } },
  }),
  current: stateYaml({
    'ml-project': { version: '1.0.0' },
    'debug-pod': { version: '1.2.0' },
  }),
  plain: stateYaml({ 'ml-project': { version: '1.0.0' } }),
  vault: stateYaml({
    'ml-project': { version: '1.0.0' },
    'debug-pod': { version: '1.0.0' },
  }),
  broken: INVALID_STATE_YAML,
};

export type Recorded = {
  method: string;
  path: string;
  authorization?: string;
  body?: any;
};

/** A recording stand-in of the scaffolder's task API: each POST /v2/tasks starts `task-<n>`. */
export async function startScaffolderStandIn() {
  const requests: Recorded[] = [];
  const started: string[] = []; // task ids answered since the last reset
  const tasks = new Map<string, { project: string }>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => {
      raw += c;
    });
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      const send = (status: number, answer: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      };
      const taskId = /^\/v2\/tasks\/([^/]+)(\/events)?$/.exec(req.url ?? '');
      if (req.method === 'POST' && req.url === '/v2/tasks') {
        const id = `task-${tasks.size + 1}`;
        tasks.set(id, { project: body.values.project });
        started.push(id);
        send(201, { id });
      } else if (req.method === 'GET' && taskId && tasks.has(taskId[1])) {
        const id = taskId[1];
        send(
          200,
          taskId[2]
            ? [
                {
                  type: 'completion',
                  body: { output: { changed: true, commitHash: `c-${id}` } },
                },
              ]
            : {
                id,
                status: 'completed',
                spec: { parameters: { project: tasks.get(id)!.project } },
              },
        );
      } else {
        send(404, { error: { name: 'NotFoundError', message: req.url } });
      }
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    started,
    reset: () => {
      requests.length = 0;
      started.length = 0;
    },
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** The caller a catalog request was made for. */
export const callerOf = (options: unknown) =>
  (options as { credentials?: { principal?: { userEntityRef?: string } } })
    ?.credentials?.principal?.userEntityRef;
