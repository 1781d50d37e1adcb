import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotFoundError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import { mxProjectPlugin } from './plugin';
import { projectEntity } from './testing/fixtures';
import {
  ADA,
  KEEPER,
  STATES,
  asUser,
  callerOf,
  startScaffolderStandIn,
  template,
} from './__testUtils__/upgradesFixtures';

/**
 * The upgrades routes (service/upgrades.ts) through the real plugin on startTestBackend: a
 * catalog with generator templates and ML projects whose states record older versions, and a
 * recording stand-in of the scaffolder's REST API (`POST /v2/tasks`, `GET /v2/tasks/:id` and
 * `/events`, as scaffolderClient.ts calls them) on 127.0.0.1, reached through the discovery
 * service. What each route decides on its own (upgradeResultOf) is in service/upgrades.test.ts.
 */

describe('mx-project backend: upgrades routes', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let scaffolder: Awaited<ReturnType<typeof startScaffolderStandIn>>;

  beforeAll(async () => {
    scaffolder = await startScaffolderStandIn();
    const inMemory = catalogServiceMock({
      entities: [
        template('debug-pod', '1.2.0', 'ml-project-capability', {
          'mx.backstage.io/changelog': JSON.stringify({
            '1.1.0': 'JupyterLab 4',
            '1.2.0': 'Optional GPU',
          }),
        }),
        template('sphinx-docs', '1.0.0', 'ml-project-capability'),
        // an operation with a "newer" version: never listed nor started
        template('apply-infrastructure', '9.0.0', 'ml-project-operation'),
        ...Object.keys(STATES).map(name => projectEntity(name)),
      ],
    });
    // The catalog's permission checks, reduced to: only the keeper may read `vault`.
    const readable = (entity: Entity | undefined, options: unknown) =>
      entity &&
      (entity.metadata.name !== 'vault' || callerOf(options) === KEEPER)
        ? entity
        : undefined;
    const catalog = catalogServiceMock.mock({
      getEntities: async (req, options) => {
        const { items } = await inMemory.getEntities(req, options);
        return { items: items.filter(e => readable(e, options)) };
      },
      getEntityByRef: async (ref, options) =>
        readable(await inMemory.getEntityByRef(ref, options), options),
    });
    const urlReader = mockServices.urlReader.mock({
      readUrl: async url => {
        const name =
          /^https:\/\/git\.example\.test\/acme\/([^/]+)\/tree\/main\/\.mx\/state\.yaml$/.exec(
            url,
          )?.[1];
        if (!name || !(name in STATES))
          throw new NotFoundError(`${url} not found`);
        return { buffer: async () => Buffer.from(STATES[name]) };
      },
    });
    const discovery = mockServices.discovery.mock({
      getBaseUrl: async pluginId =>
        pluginId === 'scaffolder'
          ? scaffolder.url
          : `http://127.0.0.1:0/api/${pluginId}`,
    });
    backend = await startTestBackend({
      features: [
        mxProjectPlugin,
        catalog.factory,
        urlReader.factory,
        discovery.factory,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await scaffolder?.close();
  });

  afterEach(() => scaffolder.reset());

  const api = '/api/mx-project/upgrades';
  const post = (body: unknown, caller = ADA) =>
    request(backend.server)
      .post(api)
      .set('authorization', asUser(caller))
      .send(body as object);
  const taskPosts = () => scaffolder.requests.filter(r => r.method === 'POST');

  it('lists, per generator, the projects the caller may read that recorded an older version, with the changelog since', async () => {
    const res = await request(backend.server)
      .get(api)
      .set('authorization', asUser(ADA));
    expect(res.status).toBe(200);
    // sphinx-docs: every project is at 1.0.0; apply-infrastructure is an operation
    expect(
      res.body.generators.map((g: any) => [
        g.generator.id,
        g.generator.version,
      ]),
    ).toEqual([['debug-pod', '1.2.0']]);
    expect(res.body.generators[0].projects).toEqual([
      {
        entityRef: 'component:default/churn',
        title: 'churn',
        recordedVersion: '1.0.0',
        changes: [
          { version: '1.2.0', text: 'Optional GPU' },
          { version: '1.1.0', text: 'JupyterLab 4' },
        ],
      },
      {
        entityRef: 'component:default/fraud',
        title: 'fraud',
        recordedVersion: '1.1.0',
        changes: [{ version: '1.2.0', text: 'Optional GPU' }],
      },
    ]);
    expect(res.body.unreadable).toEqual([
      {
        entityRef: 'component:default/broken',
        message: expect.stringContaining('project.region'),
      },
    ]);
    // `vault` is outdated too, but Ada may not read it: not even named
    expect(JSON.stringify(res.body)).not.toContain('vault');
    expect(scaffolder.requests).toEqual([]);
  });

  it('lists the project the keeper may read for the keeper', async () => {
    const res = await request(backend.server)
      .get(api)
      .set('authorization', asUser(KEEPER));
    expect(res.status).toBe(200);
    expect(
      res.body.generators[0].projects.map((p: any) => p.entityRef),
    ).toEqual([
      'component:default/churn',
      'component:default/fraud',
      'component:default/vault',
    ]);
  });

  it('starts one scaffolder task per outdated project, as the caller, with its recorded answers', async () => {
    const res = await post({
      generator: 'debug-pod',
      projects: ['churn', 'component:default/fraud', 'current', 'plain'],
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      generator: 'debug-pod',
      templateRef: 'template:default/debug-pod',
      tasks: [
        { entityRef: 'component:default/churn', taskId: expect.any(String) },
        { entityRef: 'component:default/fraud', taskId: expect.any(String) },
      ],
      refused: [
        {
          entityRef: 'component:default/current',
          reason: 'already at 1.2.0 (the catalog has 1.2.0)',
        },
        {
          entityRef: 'component:default/plain',
          reason: 'debug-pod is not applied to this project',
        },
      ],
    });
    const posts = taskPosts();
    expect(posts).toHaveLength(2);
    for (const p of posts) {
      expect(p.path).toBe('/v2/tasks');
      // an on-behalf-of token: the scaffolder runs the task as Ada
      expect(p.authorization).toBe(
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.user(ADA),
          targetPluginId: 'scaffolder',
        }),
      );
    }
    const byProject = Object.fromEntries(
      posts.map(p => [p.body.values.project, p.body]),
    );
    expect(byProject).toEqual({
      'component:default/churn': {
        templateRef: 'template:default/debug-pod',
        values: {
          gpu: false,
          storageGi: 20,
          project: 'component:default/churn',
        },
      },
      'component:default/fraud': {
        templateRef: 'template:default/debug-pod',
        values: {
          gpu: true,
          storageGi: 50,
          project: 'component:default/fraud',
        },
      },
    });
    // the ids answered are the scaffolder's own
    expect(res.body.tasks.map((t: any) => t.taskId).sort()).toEqual(
      [...scaffolder.started].sort(),
    );
  });

  it('reads the outcome of the started tasks back from the scaffolder, as the caller', async () => {
    const started = await post({ generator: 'debug-pod', projects: ['churn'] });
    const id = started.body.tasks[0].taskId;
    scaffolder.reset();
    const res = await request(backend.server)
      .get(`${api}/tasks`)
      .query({ ids: id })
      .set('authorization', asUser(ADA));
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      {
        taskId: id,
        entityRef: 'component:default/churn',
        status: 'upgraded',
        commitHash: `c-${id}`,
        conflicts: [],
      },
    ]);
    expect(scaffolder.requests.map(r => r.path)).toEqual([
      `/v2/tasks/${id}`,
      `/v2/tasks/${id}/events`,
    ]);
    expect(
      scaffolder.requests.every(r =>
        r.authorization?.includes(`"obo":"${ADA}"`),
      ),
    ).toBe(true);

    const bad = await request(backend.server)
      .get(`${api}/tasks`)
      .query({ ids: '../admin' })
      .set('authorization', asUser(ADA));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/ids are scaffolder task ids/);
  });

  it.each([
    [
      'an unknown generator',
      { generator: 'no-such-generator', projects: ['churn'] },
      "'no-such-generator' is not a generator in the catalog you can see",
    ],
    [
      'an operation',
      { generator: 'apply-infrastructure', projects: ['churn'] },
      'operations are not upgraded',
    ],
    [
      'an empty project list',
      { generator: 'debug-pod', projects: [] },
      'Invalid upgrade request: projects: ',
    ],
    [
      'no body',
      undefined,
      'send { "generator": "<generator id>", "projects": ["component:default/<name>", …] }',
    ],
  ])(
    'refuses %s with 400 and says why, starting nothing',
    async (_, body, text) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(text);
      expect(taskPosts()).toEqual([]);
    },
  );

  it('refuses a project the caller may not read, without telling it apart from a missing one, and starts the others', async () => {
    const res = await post({
      generator: 'debug-pod',
      projects: ['vault', 'churn', 'nowhere'],
    });
    expect(res.status).toBe(202);
    expect(res.body.refused).toEqual([
      {
        entityRef: 'component:default/nowhere',
        reason: 'not in the catalog (or you may not read it)',
      },
      {
        entityRef: 'component:default/vault',
        reason: 'not in the catalog (or you may not read it)',
      },
    ]);
    expect(res.body.tasks.map((t: any) => t.entityRef)).toEqual([
      'component:default/churn',
    ]);
    expect(taskPosts().map(p => p.body.values.project)).toEqual([
      'component:default/churn',
    ]);

    // the keeper may: the same request starts vault's upgrade, as the keeper
    scaffolder.reset();
    const keeper = await post(
      { generator: 'debug-pod', projects: ['vault'] },
      KEEPER,
    );
    expect(keeper.body).toMatchObject({
      tasks: [{ entityRef: 'component:default/vault' }],
      refused: [],
    });
    expect(taskPosts()).toHaveLength(1);
    expect(taskPosts()[0].authorization).toContain(`"obo":"${KEEPER}"`);
  });
});
