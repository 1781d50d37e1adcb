import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseState, sha256Hex } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  captureLogger,
  listFiles,
  outputsOf,
  projectStateText,
} from '../__testUtils__/growFixtures';
import { createFilesReconcileAction } from './filesReconcile';

// Real git over HTTP: each step spawns several git processes.
jest.setTimeout(30_000);

const DEVSPACE = `version: v2beta1
name: fraud-detection

vars:
  GCP_PROJECT: acme-fraud-42
  REGION: europe-west4

deployments:
  training-infrastructure:
    kubectl:
      manifests:
        - infrastructure/kubernetes/mlflow/
`;
const DEVSPACE_WITH_TRAINING = `${DEVSPACE}  training-operator:
    kubectl:
      manifests:
        - infrastructure/kubernetes/training-operator/
`;

const MANAGED = ['devspace.yaml', 'catalog-info.yaml', 'infrastructure/**'];

describe('mx:files:reconcile', () => {
  const mockDir = createMockDirectory();
  const action = createFilesReconcileAction();
  let ws: string;

  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(ws, rel)), { recursive: true });
    await fs.writeFile(path.join(ws, rel), text);
  };
  const read = (rel: string) => fs.readFile(path.join(ws, rel), 'utf8');
  const render = async (files: Record<string, string>) => {
    await fs.rm(path.join(ws, 'rendered'), { recursive: true, force: true });
    for (const [p, t] of Object.entries(files)) await write(`rendered/${p}`, t);
  };
  const run = async (input: Record<string, unknown> = {}) => {
    const log = captureLogger();
    const ctx = createMockActionContext({
      input: {
        sourcePath: 'rendered',
        generatorId: 'ml-project',
        managed: MANAGED,
        ...input,
      },
      workspacePath: ws,
      logger: log.logger,
    });
    await action.handler(ctx);
    return { out: outputsOf(ctx), log };
  };
  const state = async () => parseState(await read('repo/.mx/state.yaml'));
  const snapshot = async () => {
    const files = await listFiles(path.join(ws, 'repo'));
    return Object.fromEntries(
      await Promise.all(files.map(async f => [f, await read(`repo/${f}`)])),
    );
  };

  beforeEach(async () => {
    ws = mockDir.resolve(`ws-${Math.random().toString(36).slice(2)}`);
    await write('repo/.mx/state.yaml', projectStateText());
    await render({
      'devspace.yaml': DEVSPACE,
      'infrastructure/terraform/gke.tf': 'resource "x" "y" {}\n',
      'trainer.py': 'print("train")\n',
      'README.md': '# fraud-detection\n',
    });
  });

  it('creates every file, records hashes and keeps base copies of managed files only', async () => {
    const { out } = await run();
    expect(out.created).toEqual([
      'README.md',
      'devspace.yaml',
      'infrastructure/terraform/gke.tf',
      'trainer.py',
    ]);
    const s = await state();
    expect(s.files['devspace.yaml']).toEqual({
      mode: 'managed',
      sha256: sha256Hex(DEVSPACE),
    });
    expect(s.files['trainer.py'].mode).toBe('seeded');
    expect(await read('repo/.mx/base/devspace.yaml')).toBe(DEVSPACE);
    expect(await listFiles(path.join(ws, 'repo/.mx/base'))).toEqual([
      'devspace.yaml',
      'infrastructure/terraform/gke.tf',
    ]);
    expect(out.summary).toContain('4 files changed');
  });

  it('changes nothing when run twice with the same render', async () => {
    await run();
    const before = await snapshot();
    const { out } = await run();
    expect(await snapshot()).toEqual(before);
    expect(out.unchanged).toHaveLength(4);
    expect(out.created).toEqual([]);
    expect(out.summary).toContain('No file changes');
  });

  it('updates an untouched managed file and merges into an edited one', async () => {
    await run();
    // The user adds a variable to devspace.yaml; the new render adds a deployment.
    const edited = DEVSPACE.replace(
      '  REGION: europe-west4\n',
      '  REGION: europe-west4\n  IMAGE_TAG: dev\n',
    );
    await write('repo/devspace.yaml', edited);
    await render({
      'devspace.yaml': DEVSPACE_WITH_TRAINING,
      'infrastructure/terraform/gke.tf': 'resource "x" "z" {}\n',
      'trainer.py': 'print("train v2")\n',
      'README.md': '# fraud-detection\n',
    });
    const { out } = await run({ generatorId: 'distributed-training' });
    expect(out.merged).toEqual(['devspace.yaml']);
    expect(out.updated).toEqual(['infrastructure/terraform/gke.tf']);
    const merged = await read('repo/devspace.yaml');
    expect(merged).toContain('  IMAGE_TAG: dev\n');
    expect(merged).toContain('  training-operator:\n');
    expect(await read('repo/infrastructure/terraform/gke.tf')).toBe(
      'resource "x" "z" {}\n',
    );
    // Seeded: never overwritten.
    expect(await read('repo/trainer.py')).toBe('print("train")\n');
    expect(out.skipped).toEqual(['trainer.py']);
    const s = await state();
    expect(s.files['devspace.yaml']).toEqual({
      mode: 'managed',
      sha256: sha256Hex(DEVSPACE_WITH_TRAINING),
      merge: 'structural',
    });
    expect(await read('repo/.mx/base/devspace.yaml')).toBe(
      DEVSPACE_WITH_TRAINING,
    );

    // And again: the merged file stays as it is.
    const before = await snapshot();
    const again = await run({ generatorId: 'distributed-training' });
    expect(again.out.merged).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the user's value of a conflicting edit, reports its path and both values", async () => {
    await run();
    const mine = DEVSPACE.replace(
      'REGION: europe-west4',
      'REGION: europe-west1',
    );
    await write('repo/devspace.yaml', mine);
    await render({
      'devspace.yaml': DEVSPACE.replace(
        'REGION: europe-west4',
        'REGION: us-central1',
      ),
    });
    const stateBefore = await read('repo/.mx/state.yaml');
    const { out, log } = await run();
    expect(out.conflicts).toEqual(['devspace.yaml']);
    expect(await read('repo/devspace.yaml')).toBe(mine);
    expect(await read('repo/.mx/base/devspace.yaml')).toBe(DEVSPACE);
    expect(await read('repo/.mx/state.yaml')).toBe(stateBefore);
    expect(out.summary).toContain('**1 conflict left for you to resolve**');
    expect(out.summary).toContain(
      '  - `vars.REGION`: kept yours `europe-west1`; MX wanted `us-central1`',
    );
    expect(log.text()).toMatch(
      /warn: conflict +devspace\.yaml: 1 value you changed was also changed by the new render: yours kept/,
    );
  });

  it('removes files the generator no longer renders, unless the user edited them', async () => {
    await render({
      'infrastructure/kubernetes/old.yaml': 'kind: Old\n',
      'infrastructure/kubernetes/edited.yaml': 'kind: Edited\n',
    });
    await run();
    await write(
      'repo/infrastructure/kubernetes/edited.yaml',
      'kind: Edited\n# mine\n',
    );
    await render({ 'devspace.yaml': DEVSPACE });
    const { out } = await run({
      remove: [
        'infrastructure/kubernetes/old.yaml',
        'infrastructure/kubernetes/edited.yaml',
      ],
    });
    expect(out.removed).toEqual(['infrastructure/kubernetes/old.yaml']);
    expect(out.kept).toEqual(['infrastructure/kubernetes/edited.yaml']);
    const files = await listFiles(path.join(ws, 'repo'));
    expect(files).not.toContain('infrastructure/kubernetes/old.yaml');
    expect(files).not.toContain('.mx/base/infrastructure/kubernetes/old.yaml');
    expect(files).toContain('infrastructure/kubernetes/edited.yaml');
    const s = await state();
    expect(s.files['infrastructure/kubernetes/old.yaml']).toBeUndefined();
    expect(s.files['infrastructure/kubernetes/edited.yaml']).toBeUndefined();
    expect(out.summary).toContain('### Removed (1)');
  });

  it('lets a seeded glob carve a user-owned file out of a managed folder', async () => {
    await render({ 'infrastructure/terraform/terraform.tfvars': 'a = 1\n' });
    await run({ seeded: ['infrastructure/terraform/terraform.tfvars'] });
    expect(
      (await state()).files['infrastructure/terraform/terraform.tfvars'].mode,
    ).toBe('seeded');
    await write('repo/infrastructure/terraform/terraform.tfvars', 'a = 2\n');
    await render({ 'infrastructure/terraform/terraform.tfvars': 'a = 3\n' });
    const { out } = await run({
      seeded: ['infrastructure/terraform/terraform.tfvars'],
    });
    expect(out.skipped).toEqual(['infrastructure/terraform/terraform.tfvars']);
    expect(await read('repo/infrastructure/terraform/terraform.tfvars')).toBe(
      'a = 2\n',
    );
  });

  it('ignores rendered files under .mx/', async () => {
    await write('rendered/.mx/state.yaml', 'garbage: true\n');
    const { out, log } = await run();
    expect(out.created).not.toContain('.mx/state.yaml');
    expect((await state()).project.name).toBe('fraud-detection');
    expect(log.text()).toContain('Ignored rendered .mx/state.yaml');
  });

  describe('bad input', () => {
    it('needs the rendered folder', async () => {
      const err = await run({ sourcePath: 'nothing-here' }).catch(e => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain(
        "sourcePath 'nothing-here' is not a folder in the workspace",
      );
    });

    it('needs the state in the repository', async () => {
      await fs.rm(path.join(ws, 'repo/.mx/state.yaml'));
      await expect(run()).rejects.toThrow(
        'repo/.mx/state.yaml was not found: run mx:repo:checkout',
      );
    });

    it('names file and line of a corrupt state and writes nothing', async () => {
      await write(
        'repo/.mx/state.yaml',
        'apiVersion: mx.backstage.io/v1alpha1\nkind: [\n',
      );
      const err = await run().catch(e => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(
        /^repo\/\.mx\/state\.yaml, line \d+: not valid YAML/,
      );
      expect(await listFiles(path.join(ws, 'repo'))).toEqual([
        '.mx/state.yaml',
      ]);
    });

    it('refuses remove paths outside the repository', async () => {
      await expect(run({ remove: ['../secrets.txt'] })).rejects.toThrow(
        "remove entry '../secrets.txt' is not a path inside the repository",
      );
    });

    it('refuses to remove a file that is still rendered', async () => {
      await expect(run({ remove: ['devspace.yaml'] })).rejects.toThrow(
        "'devspace.yaml' is listed in remove but the generator still renders it",
      );
    });

    it('refuses a sourcePath outside the workspace', async () => {
      await expect(run({ sourcePath: '../../etc' })).rejects.toThrow(
        "sourcePath '../../etc' points outside the workspace",
      );
    });
  });
});
