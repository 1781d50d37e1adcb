/*
 * The cloudbuild generator's path against a real git server (git http-backend over smart HTTP
 * on 127.0.0.1), run the way templates/cloudbuild/template.yaml runs it: mx:repo:checkout →
 * mx:state:merge → mx:cloudbuild:enable → mx:manifests:compose → mx:files:reconcile →
 * mx:repo:push, with the user editing cloudbuild.yaml between runs.
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
import yaml from 'yaml';
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
import { createCloudbuildEnableAction } from './cloudbuildEnable';
import { createFilesReconcileAction } from './filesReconcile';
import { createManifestsComposeAction } from './manifestsCompose';
import { createRepoCheckoutAction } from './repoCheckout';
import { createRepoPushAction } from './repoPush';
import { createStateMergeAction } from './stateMerge';

// Real git over HTTP: each step spawns several git processes.
jest.setTimeout(120_000);

describe('cloudbuild.yaml through the one composition path', () => {
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

  const config = new ConfigReader({ mx: { publish: { target: 'local' } } });
  const runner = createCliRunner();

  /** One run of the cloudbuild generator with these build steps, in a fresh workspace. */
  async function cloudbuild(steps: string[]) {
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
    const catalog = catalogServiceMock({
      entities: [
        projectEntity({
          'backstage.io/managed-by-location': `url:${server.baseUrl}/api/mx-git-host/repos/fraud-detection/blob/main/catalog-info.yaml`,
        }),
      ],
    });
    await createRepoCheckoutAction({ catalog, config, runner }).handler(
      ctx({ entityRef: 'component:default/fraud-detection', targetPath: 'repo' }),
    );
    await createStateMergeAction().handler(
      ctx({
        targetPath: 'repo',
        generatorId: 'cloudbuild',
        generatorVersion: '1.0.0',
        values: { steps, trigger: 'none', branch: 'main' },
      }),
    );
    const enable = ctx({ targetPath: 'repo', trigger: 'none' as const });
    await createCloudbuildEnableAction({ runner }).handler(enable);
    await createManifestsComposeAction().handler(
      ctx({ statePath: 'repo', targetPath: 'rendered' }),
    );
    const reconcile = ctx({
      sourcePath: 'rendered',
      targetPath: 'repo',
      generatorId: 'cloudbuild',
      managed: [
        'devspace.yaml',
        'catalog-info.yaml',
        'cloudbuild.yaml',
        'infrastructure/**',
      ],
    });
    await createFilesReconcileAction().handler(reconcile);
    const push = ctx({
      targetPath: 'repo',
      commitMessage: 'Add Cloud Build CI',
      description: outputsOf(reconcile).summary,
    });
    await createRepoPushAction({
      config,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      runner,
    }).handler(push);
    return {
      enable: outputsOf(enable),
      reconcile: outputsOf(reconcile),
      push: outputsOf(push),
    };
  }

  const remoteFile = (p: string) => git(bare, ['show', `main:${p}`]);
  const stepIds = (text: string) =>
    (yaml.parse(text).steps as Array<{ id: string }>).map(s => s.id);

  /** The user edits the repository: a clone, a commit, a push. */
  async function userCommit(edit: (dir: string) => Promise<void>) {
    const dir = await fs.mkdtemp(path.join(mockDir.path, 'user-'));
    await git(dir, ['clone', '--quiet', bare, '.']);
    await edit(dir);
    await git(dir, ['commit', '--quiet', '-am', 'My own build step']);
    await git(dir, ['push', '--quiet', 'origin', 'HEAD:main']);
  }

  it("keeps a user's edit to cloudbuild.yaml when cloudbuild runs again (three-way merge)", async () => {
    const first = await cloudbuild(['image', 'test']);
    expect(first.reconcile.created).toContain('cloudbuild.yaml');
    // Recorded like every managed file: a hash in the state and a merge base.
    const state = yaml.parse(await remoteFile('.mx/state.yaml'));
    expect(state.files['cloudbuild.yaml'].mode).toBe('managed');
    expect(await remoteFile('.mx/base/cloudbuild.yaml')).toBe(
      await remoteFile('cloudbuild.yaml'),
    );
    expect(stepIds(await remoteFile('cloudbuild.yaml'))).toEqual([
      'mx-image-build',
      'mx-test',
      'mx-image-push',
    ]);
    expect(first.enable.steps).toEqual([
      'mx-image-build',
      'mx-test',
      'mx-image-push',
    ]);

    // The user adds an integration-test step after the tests and a longer timeout.
    await userCommit(async dir => {
      const file = path.join(dir, 'cloudbuild.yaml');
      const doc = yaml.parseDocument(await fs.readFile(file, 'utf8'));
      const steps = doc.get('steps') as yaml.YAMLSeq;
      steps.items.splice(
        2,
        0,
        doc.createNode({
          id: 'integration',
          name: 'python:3.11',
          args: ['make', 'integration'],
          waitFor: ['mx-test'],
        }),
      );
      doc.set('timeout', '3600s');
      await fs.writeFile(file, doc.toString({ lineWidth: 0 }));
    });

    // A re-run that also enables the lint step.
    const again = await cloudbuild(['image', 'test', 'lint']);
    expect(again.reconcile.merged).toEqual(['cloudbuild.yaml']);
    expect(again.reconcile.conflicts).toEqual([]);
    expect(again.push.changed).toBe(true);
    const merged = await remoteFile('cloudbuild.yaml');
    expect(stepIds(merged)).toEqual(
      expect.arrayContaining([
        'mx-image-build',
        'mx-test',
        'integration',
        'mx-lint',
        'mx-image-push',
      ]),
    );
    const ids = stepIds(merged);
    expect(ids.indexOf('integration')).toBeGreaterThan(ids.indexOf('mx-test'));
    expect(yaml.parse(merged).timeout).toBe('3600s');
    // The base is the new render; the user's file stays theirs.
    expect(stepIds(await remoteFile('.mx/base/cloudbuild.yaml'))).toEqual([
      'mx-image-build',
      'mx-test',
      'mx-lint',
      'mx-image-push',
    ]);

    // The same run once more changes nothing.
    const head = (await git(bare, ['rev-parse', 'main'])).trim();
    const idle = await cloudbuild(['image', 'test', 'lint']);
    expect(idle.push.changed).toBe(false);
    expect((await git(bare, ['rev-parse', 'main'])).trim()).toBe(head);
    expect(await remoteFile('cloudbuild.yaml')).toBe(merged);
  });
});
