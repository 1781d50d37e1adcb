import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  STATE_FILE_PATH,
  mergeState,
  serializeState,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  PROJECT,
  outputsOf,
  runAction,
  seedState,
} from '../__testUtils__/project';
import { compileToolSchema } from '../__testUtils__';
import { createManifestsComposeAction } from './manifestsCompose';

const IMAGE =
  'europe-west4-docker.pkg.dev/acme-fraud-42/fraud-detection/fraud-detection';

describe('mx:manifests:compose', () => {
  const workspace = createMockDirectory();
  const repo = () => path.join(workspace.path, 'repo');
  const rendered = (file: string) =>
    path.join(workspace.path, 'rendered', file);

  beforeEach(() => workspace.clear());

  async function compose(input: Record<string, unknown> = {}) {
    const ctx = createMockActionContext({
      input: { statePath: 'repo', targetPath: 'rendered', ...input } as any,
      workspacePath: workspace.path,
    });
    await runAction(createManifestsComposeAction(), ctx);
    return outputsOf(ctx);
  }

  async function applyGenerator(id: string, values: Record<string, unknown>) {
    const state = await seedState(repo());
    const next = mergeState(state, {
      generator: { id, version: '1.0.0' },
      values,
      initiator: 'user:default/ada',
      now: new Date('2026-11-28T11:00:00.000Z'),
    }).state;
    fs.writeFileSync(path.join(repo(), STATE_FILE_PATH), serializeState(next));
  }

  it('writes cloudbuild.yaml only once Cloud Build CI is applied', async () => {
    await seedState(repo());
    expect((await compose()).files).toEqual([
      'devspace.yaml',
      'catalog-info.yaml',
    ]);
    expect(fs.existsSync(rendered('cloudbuild.yaml'))).toBe(false);

    await applyGenerator('cloudbuild', { steps: ['image', 'lint'] });
    expect((await compose()).files).toContain('cloudbuild.yaml');
    const doc = yaml.parse(fs.readFileSync(rendered('cloudbuild.yaml'), 'utf8'));
    expect(doc.steps.map((s: { id: string }) => s.id)).toEqual([
      'mx-image-build',
      'mx-lint',
      'mx-image-push',
    ]);
    const catalogInfo = yaml.parse(
      fs.readFileSync(rendered('catalog-info.yaml'), 'utf8'),
    );
    expect(catalogInfo.metadata.links.map((l: any) => l.title)).toContain(
      'Cloud Build',
    );
  });

  it("composes every step kind into a cloudbuild.yaml that Cloud Build's schema accepts", async () => {
    await applyGenerator('cloudbuild', {
      steps: ['image', 'test', 'lint', 'package'],
    });
    const state = yaml.parse(
      fs.readFileSync(path.join(repo(), STATE_FILE_PATH), 'utf8'),
    );
    state.generators['sphinx-docs'] = { ...state.generators.cloudbuild, values: {} };
    fs.writeFileSync(path.join(repo(), STATE_FILE_PATH), yaml.stringify(state));
    await compose();
    const build = yaml.parse(fs.readFileSync(rendered('cloudbuild.yaml'), 'utf8'));
    expect(compileToolSchema('cloudbuild.json')(build)).toEqual([]);
    expect(build.steps.map((s: { id: string }) => s.id)).toEqual([
      'mx-image-build',
      'mx-test',
      'mx-lint',
      'mx-image-push',
      'mx-docs-build',
      'mx-docs-publish',
      'mx-package-build',
      'mx-package-publish',
    ]);
    expect(build.steps[0].args).toEqual([
      'build',
      '-t',
      `${IMAGE}:$BUILD_ID`,
      '-t',
      `${IMAGE}:latest`,
      '.',
    ]);
    expect(build.steps[1].name).toBe(`${IMAGE}:$BUILD_ID`);
    expect(build.steps[5].args.at(-1)).toBe(
      'gs://acme-fraud-42-fraud-detection-docs/fraud-detection',
    );
    expect(build.steps[7].args[1]).toContain(
      'twine upload --repository-url https://europe-west4-python.pkg.dev/acme-fraud-42/fraud-detection-python/ dist/*',
    );
  });

  it("labels the component with the client's transliterated slug", async () => {
    const state = await seedState(repo());
    state.project.client = 'Müller & Söhne GmbH';
    fs.writeFileSync(path.join(repo(), STATE_FILE_PATH), serializeState(state));
    await compose();
    const entity = yaml.parse(
      fs.readFileSync(rendered('catalog-info.yaml'), 'utf8'),
    );
    expect(entity.metadata.labels['mx.backstage.io/client']).toBe(
      'muller-sohne-gmbh',
    );
    expect(entity.metadata.name).toBe(PROJECT.name);
  });

  it('says what is missing when the repository has no state', async () => {
    await expect(compose()).rejects.toThrow(
      /repo\/\.mx\/state\.yaml was not found/,
    );
  });

  it('refuses a target outside the workspace', async () => {
    await seedState(repo());
    await expect(compose({ targetPath: '../elsewhere' })).rejects.toThrow(
      /targetPath '..\/elsewhere' points outside the workspace/,
    );
  });
});
