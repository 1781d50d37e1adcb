import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseState } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { captureLogger, listFiles } from '../__testUtils__';
import { PROJECT, outputsOf, runAction } from '../__testUtils__/project';
import { createStateMergeAction } from './stateMerge';

const NOW = new Date('2026-11-28T10:00:00.000Z');

describe('mx:state:merge', () => {
  const root = createMockDirectory();
  let workspace: string;
  beforeEach(async () => {
    root.clear();
    workspace = root.resolve('workspace');
    await fs.mkdir(workspace, { recursive: true });
  });

  const stateFile = () => path.join(workspace, '.mx/state.yaml');

  async function run(
    input: Record<string, unknown>,
    extra: { isDryRun?: boolean; user?: { ref: string } } = {},
  ) {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace,
      logger: log.logger,
      user: extra.user ?? { ref: 'user:default/ada' },
    });
    await runAction(createStateMergeAction({ now: () => NOW }), {
      ...ctx,
      isDryRun: extra.isDryRun,
    });
    return { out: outputsOf(ctx), log };
  }

  const create = (extra: Record<string, unknown> = {}) =>
    run({
      generatorId: 'ml-project',
      generatorVersion: '1.0.0',
      project: PROJECT,
      deployments: { 'training-infrastructure': {} },
      ...extra,
    });

  it('creates the state file of a new project and records the generator and who ran it', async () => {
    const { out } = await create();
    expect(out.created).toBe(true);
    expect(out.changed).toBe(true);
    const state = parseState(await fs.readFile(stateFile(), 'utf8'));
    expect(state.project).toEqual(PROJECT);
    expect(state.generators['ml-project']).toEqual({
      version: '1.0.0',
      values: {},
      appliedAt: NOW.toISOString(),
      appliedBy: 'user:default/ada',
    });
    expect(state.infrastructure.backend).toEqual({
      bucket: 'acme-fraud-42-tfstate',
      prefix: 'mx/fraud-detection',
    });
  });

  it('refuses a base domain whose certificate hosts would exceed 63 characters, before writing, and says how long it may be', async () => {
    await create();
    const before = await fs.readFile(stateFile(), 'utf8');
    const hosts = ['{domain}', 'labeling.{domain}'];
    // labeling.fraud-detection.<base>: 25 characters before the base domain, 38 left
    const grow = (baseDomain: string) =>
      run({
        generatorId: 'deployment-infrastructure',
        generatorVersion: '1.0.0',
        project: { baseDomain },
        overrides: ['baseDomain'],
        certificateHosts: hosts,
      });
    const tooLong = `${'a'.repeat(35)}.com`; // 39 characters
    await expect(grow(tooLong)).rejects.toThrow(
      `The HTTPS host labeling.fraud-detection.${tooLong} has 64 characters; a Google-managed certificate (GKE ManagedCertificate) allows at most 63 per host. With the project name fraud-detection, choose a base domain of at most 38 characters`,
    );
    expect(await fs.readFile(stateFile(), 'utf8')).toBe(before);
    const { out } = await grow(`${'a'.repeat(34)}.com`);
    expect((out.state as any).project.baseDomain).toBe(`${'a'.repeat(34)}.com`);
  });

  it('in dry-run reports the merged state and writes it only into the dry-run workspace', async () => {
    const { out, log } = await run(
      {
        generatorId: 'ml-project',
        generatorVersion: '1.0.0',
        project: PROJECT,
      },
      { isDryRun: true },
    );
    expect(out.state.project.name).toBe('fraud-detection');
    expect(out.created).toBe(true);
    expect(log.text()).toContain(
      'Created .mx/state.yaml: generator ml-project@1.0.0',
    );
    // Later dry-run steps (reconcile, publish preview) read it from the temporary workspace.
    expect(await listFiles(root.path)).toEqual(['workspace/.mx/state.yaml']);
  });

  it('names the missing prerequisite generator and what to run first, leaving the state as it was', async () => {
    await create();
    const before = await fs.readFile(stateFile(), 'utf8');
    const error = await run({
      generatorId: 'seldon-serving',
      generatorVersion: '1.0.0',
      requires: ['deployment-infrastructure'],
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      "Generator 'seldon-serving' needs 'deployment-infrastructure' applied to this project first: run the 'deployment-infrastructure' template on it, then run 'seldon-serving' again.",
    );
    expect(await fs.readFile(stateFile(), 'utf8')).toBe(before);
  });

  it('keeps values already in the state unless the input overrides them, and says so', async () => {
    await create();
    const kept = await run({
      generatorId: 'cloudbuild',
      generatorVersion: '1.0.0',
      project: { region: 'us-central1', client: 'Acme Bank' },
    });
    expect(kept.out.kept).toEqual(['region']);
    expect(kept.out.state.project.region).toBe('europe-west4');
    expect(kept.log.text()).toContain(
      `Kept region="europe-west4" from the project state (input was "us-central1"); list 'region' in overrides to change it`,
    );
    const overridden = await run({
      generatorId: 'cloudbuild',
      generatorVersion: '1.0.0',
      project: { region: 'us-central1' },
      overrides: ['region'],
    });
    expect(overridden.out.kept).toEqual([]);
    expect(
      parseState(await fs.readFile(stateFile(), 'utf8')).project.region,
    ).toBe('us-central1');
  });

  it('changes nothing, byte for byte, when the same generator runs again', async () => {
    await create();
    const before = await fs.readFile(stateFile(), 'utf8');
    const again = await run(
      {
        generatorId: 'ml-project',
        generatorVersion: '1.0.0',
        project: PROJECT,
        deployments: { 'training-infrastructure': {} },
      },
      { user: { ref: 'user:default/bob' } },
    );
    expect(again.out.changed).toBe(false);
    expect(await fs.readFile(stateFile(), 'utf8')).toBe(before);
  });

  it('refuses a corrupt state file, naming the file and line, without rewriting it', async () => {
    await fs.mkdir(path.join(workspace, '.mx'));
    const corrupt =
      'apiVersion: mx.backstage.io/v1alpha1\nkind: ProjectState\nproject:\n  name: [unclosed\n';
    await fs.writeFile(stateFile(), corrupt);
    const error = await create().catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^\.mx\/state\.yaml, line \d+: not valid YAML/,
    );
    expect(await fs.readFile(stateFile(), 'utf8')).toBe(corrupt);
  });

  it.each([
    [{ targetPath: '../outside' }],
    [{ targetPath: '/etc' }],
    [{ generatorId: '../../etc' }],
    [{ generatorId: 'x; rm -rf /' }],
    [{ generatorVersion: '1.0.0\nkind: Evil' }],
    [{ project: { ...PROJECT, name: '../../etc/passwd' } }],
    [{ project: { ...PROJECT, gcpProjectId: '$(curl evil)' } }],
    [{ deployments: { '-chdir=/': {} } }],
  ])(
    'rejects hostile input %j with an InputError and writes nothing',
    async hostile => {
      await expect(create(hostile)).rejects.toBeInstanceOf(InputError);
      expect(await listFiles(root.path)).toEqual([]);
    },
  );

  it('stores free-text answers inertly, exactly as given', async () => {
    const client = 'Acme $(rm -rf /); `id`\n-chdir=/ ../../x';
    await create({ project: { ...PROJECT, client } });
    expect(
      parseState(await fs.readFile(stateFile(), 'utf8')).project.client,
    ).toBe(client);
    expect(await listFiles(root.path)).toEqual(['workspace/.mx/state.yaml']);
  });
});
