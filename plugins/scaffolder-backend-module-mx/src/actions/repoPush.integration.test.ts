/*
 * The whole "grow" path against a real git server (git http-backend over smart HTTP on
 * 127.0.0.1): mx:repo:checkout → mx:files:reconcile → mx:repo:push, run the way a generator
 * template runs them, with the user editing the repository between runs.
 */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCliRunner } from '../cli/runner';
import {
  GrowTestGitServer,
  git,
  startGrowTestGitServer,
} from '../__testUtils__/gitServer';
import {
  captureLogger,
  outputsOf,
  projectEntity,
  projectStateText,
} from '../__testUtils__/growFixtures';
import { createFilesReconcileAction } from './filesReconcile';
import { createRepoCheckoutAction } from './repoCheckout';
import { createRepoPushAction } from './repoPush';

// Real git over HTTP: each step spawns several git processes.
jest.setTimeout(60_000);

const devspace = (opts: { region?: string; extra?: string[] } = {}) =>
  `version: v2beta1
name: fraud-detection

vars:
  GCP_PROJECT: acme-fraud-42
  REGION: ${opts.region ?? 'europe-west4'}

deployments:
  training-infrastructure:
    kubectl:
      manifests:
        - infrastructure/kubernetes/mlflow/
${(opts.extra ?? [])
  .map(
    d => `  ${d}:
    kubectl:
      manifests:
        - infrastructure/kubernetes/${d}/
`,
  )
  .join('')}`;

describe('growing a project: checkout → reconcile → push', () => {
  const mockDir = createMockDirectory();
  let server: GrowTestGitServer;
  let bare: string;
  let run = 0;

  beforeAll(async () => {
    server = await startGrowTestGitServer({
      root: mockDir.resolve('hosts'),
      githubToken: 'unused-token',
    });
    bare = await server.createRepo('local', 'fraud-detection', {
      '.mx/state.yaml': projectStateText(),
    });
  });
  afterAll(() => server.stop());

  const catalog = () =>
    catalogServiceMock({
      entities: [
        projectEntity({
          'backstage.io/managed-by-location': `url:${server.baseUrl}/api/mx-git-host/repos/fraud-detection/blob/main/catalog-info.yaml`,
        }),
      ],
    });
  const config = new ConfigReader({ mx: { publish: { target: 'local' } } });
  const runner = createCliRunner();

  /** One generator run, as a template runs it, in a fresh workspace. */
  async function generate(
    generatorId: string,
    files: Record<string, string>,
    remove: string[] = [],
  ) {
    run++;
    const ws = mockDir.resolve(`run-${run}`);
    await fs.mkdir(ws, { recursive: true });
    const log = captureLogger();
    const ctx = <T extends JsonObject>(input: T) =>
      createMockActionContext<T>({
        input,
        workspacePath: ws,
        logger: log.logger,
      });

    const checkout = ctx({ entityRef: 'component:default/fraud-detection' });
    await createRepoCheckoutAction({
      catalog: catalog(),
      config,
      runner,
    }).handler(checkout);
    // fetch:template renders into `rendered/`, with values from the checkout's project output.
    expect(outputsOf(checkout).project.gcpProjectId).toBe('acme-fraud-42');
    for (const [p, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(ws, 'rendered', p)), {
        recursive: true,
      });
      await fs.writeFile(path.join(ws, 'rendered', p), text);
    }

    const reconcile = ctx({
      sourcePath: 'rendered',
      targetPath: 'repo',
      generatorId,
      managed: ['devspace.yaml', 'catalog-info.yaml', 'infrastructure/**'],
      remove,
    });
    await createFilesReconcileAction().handler(reconcile);

    const push = ctx({
      commitMessage: `Apply ${generatorId}`,
      description: outputsOf(reconcile).summary,
    });
    await createRepoPushAction({
      config,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      runner,
    }).handler(push);
    return { reconcile: outputsOf(reconcile), push: outputsOf(push), log };
  }

  const remoteFile = (p: string) => git(bare, ['show', `main:${p}`]);
  const remoteHead = async () =>
    (await git(bare, ['rev-parse', 'main'])).trim();

  /** The user edits the repository: a clone, a commit, a push. */
  async function userCommit(edit: (dir: string) => Promise<void>) {
    const dir = await fs.mkdtemp(path.join(mockDir.path, 'user-'));
    await git(dir, ['clone', '--quiet', bare, '.']);
    await edit(dir);
    await git(dir, ['commit', '--quiet', '-am', 'My own change']);
    await git(dir, ['push', '--quiet', 'origin', 'HEAD:main']);
  }

  const mlProject = {
    'devspace.yaml': devspace(),
    'infrastructure/kubernetes/legacy/job.yaml': 'kind: Job\n',
    'trainer.py': 'print("train")\n',
  };
  // Each generator renders its own files; devspace.yaml is rendered by all of them.
  const withTraining = {
    'devspace.yaml': devspace({ extra: ['training-operator'] }),
  };

  it('publishes a first render, then a second identical run changes nothing', async () => {
    const first = await generate('ml-project', mlProject);
    expect(first.reconcile.created).toEqual([
      'devspace.yaml',
      'infrastructure/kubernetes/legacy/job.yaml',
      'trainer.py',
    ]);
    expect(first.push.changed).toBe(true);
    expect(await remoteFile('.mx/base/devspace.yaml')).toBe(devspace());
    expect(await remoteFile('.mx/state.yaml')).toContain('mode: seeded');

    const second = await generate('distributed-training', withTraining);
    expect(second.reconcile.updated).toEqual(['devspace.yaml']);
    expect(second.push.changed).toBe(true);
    const head = await remoteHead();
    expect(second.push.commitHash).toBe(head);

    const again = await generate('distributed-training', withTraining);
    expect(again.push.changed).toBe(false);
    expect(again.reconcile.unchanged).toEqual(['devspace.yaml']);
    expect(await remoteHead()).toBe(head);
    expect(
      await git(bare, ['diff', `${first.push.commitHash}`, head, '--stat']),
    ).toContain('devspace.yaml');
  });

  it('merges a user edit of a managed file with the next render', async () => {
    await userCommit(dir =>
      fs.writeFile(
        path.join(dir, 'devspace.yaml'),
        devspace({ extra: ['training-operator'] }).replace(
          '  REGION: europe-west4\n',
          '  REGION: europe-west4\n  IMAGE_TAG: dev\n',
        ),
      ),
    );
    await userCommit(dir =>
      fs.writeFile(path.join(dir, 'trainer.py'), 'print("my trainer")\n'),
    );
    const out = await generate('seldon-serving', {
      'devspace.yaml': devspace({
        extra: ['training-operator', 'seldon-core'],
      }),
      'trainer.py': 'print("train v2")\n',
    });
    expect(out.reconcile.merged).toEqual(['devspace.yaml']);
    expect(out.reconcile.skipped).toEqual(['trainer.py']);
    expect(out.push.changed).toBe(true);
    const merged = await remoteFile('devspace.yaml');
    expect(merged).toContain('  IMAGE_TAG: dev\n');
    expect(merged).toContain('  seldon-core:\n');
    expect(merged).toContain('  training-operator:\n');
    expect(await remoteFile('trainer.py')).toBe('print("my trainer")\n');
  });

  it('reports a conflicting edit, leaves it as the user had it, and still publishes a removal', async () => {
    await userCommit(async dir => {
      const text = await fs.readFile(path.join(dir, 'devspace.yaml'), 'utf8');
      await fs.writeFile(
        path.join(dir, 'devspace.yaml'),
        text.replace('REGION: europe-west4', 'REGION: europe-west1'),
      );
    });
    const userVersion = await remoteFile('devspace.yaml');
    const before = await remoteHead();

    const out = await generate(
      'ml-project',
      {
        'trainer.py': mlProject['trainer.py'],
        'devspace.yaml': devspace({
          region: 'us-central1',
          extra: ['training-operator', 'seldon-core'],
        }),
      },
      ['infrastructure/kubernetes/legacy/job.yaml'],
    );
    expect(out.reconcile.conflicts).toEqual(['devspace.yaml']);
    expect(out.reconcile.removed).toEqual([
      'infrastructure/kubernetes/legacy/job.yaml',
    ]);
    expect(out.reconcile.summary).toContain(
      '**1 conflict left for you to resolve**',
    );
    expect(out.log.text()).toContain('conflict  devspace.yaml');

    expect(out.push.changed).toBe(true);
    expect(await remoteHead()).not.toBe(before);
    expect(await remoteFile('devspace.yaml')).toBe(userVersion);
    const tree = await git(bare, ['ls-tree', '-r', '--name-only', 'main']);
    expect(tree).not.toContain('infrastructure/kubernetes/legacy/job.yaml');
    expect(tree).not.toContain(
      '.mx/base/infrastructure/kubernetes/legacy/job.yaml',
    );
    expect(
      await git(bare, ['show', '--name-status', '--format=', 'main']),
    ).toContain('D\tinfrastructure/kubernetes/legacy/job.yaml');

    // The conflict stays reported until the user resolves it; nothing else changes.
    const again = await generate(
      'ml-project',
      {
        'trainer.py': mlProject['trainer.py'],
        'devspace.yaml': devspace({
          region: 'us-central1',
          extra: ['training-operator', 'seldon-core'],
        }),
      },
      ['infrastructure/kubernetes/legacy/job.yaml'],
    );
    expect(again.reconcile.conflicts).toEqual(['devspace.yaml']);
    expect(again.push.changed).toBe(false);
  });
});
