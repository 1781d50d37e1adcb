import {
  directoryContentsToTree,
  Tree,
  treeToDirectoryContents,
} from '../lib/tree';
import { ScaffolderUnderTest } from '../scaffolder/testScaffolder';
import { Fixture, TemplateStep, TemplateUnderCheck } from '../templates';
import { RenderResult } from '../checks/types';
import { catalogEntitiesOf } from './catalogEntities';

const SEED_DIR = '.mx-check-seed';

/**
 * Dry-runs a template. With a seed (the project a grow generator runs against), the kit adds a
 * `fetch:plain` step that lays the seed where the template's `mx:repo:checkout` puts the
 * repository (its `targetPath`, default `repo`), right before that step; a template without a
 * checkout step gets the seed in the workspace root. The result is the project tree: the
 * checkout folder for grow generators, the workspace otherwise.
 */
export async function renderTemplate(
  scaffolder: ScaffolderUnderTest,
  t: TemplateUnderCheck,
  fx: Pick<Fixture, 'values' | 'secrets' | 'catalog'>,
  seed: Tree | undefined,
  clock: string,
): Promise<RenderResult> {
  const template = JSON.parse(JSON.stringify(t.entity));
  const steps: TemplateStep[] = template.spec.steps ?? [];
  const checkoutIndex = steps.findIndex(s => s.action === 'mx:repo:checkout');
  const projectRoot = projectRootOf(steps);
  const files = [...t.files];
  if (seed && seed.size > 0) {
    steps.splice(Math.max(checkoutIndex, 0), 0, {
      id: 'mxTemplateCheckSeed',
      name: 'Lay out the existing project (template check kit)',
      action: 'fetch:plain',
      input: { url: `./${SEED_DIR}`, targetPath: projectRoot },
    });
    files.push(...treeToDirectoryContents(seed, SEED_DIR));
  }
  template.spec.steps = steps;
  scaffolder.setCatalogEntities([
    ...catalogEntitiesOf(seed ?? new Map()),
    ...(fx.catalog ?? []),
  ]);
  const res = await scaffolder.dryRun({
    template,
    values: fx.values,
    secrets: fx.secrets,
    directoryContents: files,
    at: clock,
  });
  if (res.error) {
    return { tree: new Map(), error: res.error };
  }
  return { tree: directoryContentsToTree(res.directoryContents, projectRoot) };
}

/**
 * Where a template's project tree is in the workspace: where its `mx:state:merge` writes
 * `.mx/state.yaml` (the project root by definition), else where `mx:repo:checkout` clones
 * (default `repo`), else the workspace itself.
 */
export function projectRootOf(steps: TemplateStep[]): string {
  const merge = steps.find(s => s.action === 'mx:state:merge');
  if (merge?.input?.targetPath) return String(merge.input.targetPath);
  const checkout = steps.find(s => s.action === 'mx:repo:checkout');
  if (checkout) return String(checkout.input?.targetPath ?? 'repo');
  return '.';
}
