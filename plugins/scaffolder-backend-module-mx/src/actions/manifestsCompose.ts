import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CATALOG_INFO_FILE,
  CLOUDBUILD_FILE,
  DEVSPACE_FILE,
  composeCatalogInfo,
  composeCloudbuild,
  composeDevspace,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import { safeChildPath } from '../lib/paths';
import { readProjectState } from '../lib/state';
import { examples } from './manifestsCompose.examples';

/**
 * `mx:manifests:compose` — writes the project's managed manifests, composed from its state by
 * `@mx-backstage/plugin-mx-common` (`compose/`), into the rendered tree. It runs after
 * `mx:state:merge` (so the state holds this generator's answers and deployments) and before
 * `mx:files:reconcile`, which hashes them and three-way merges a user's edits like every other
 * managed file. No template carries a copy of these files; no action writes them elsewhere.
 */
export function createManifestsComposeAction() {
  return createTemplateAction({
    id: 'mx:manifests:compose',
    description:
      "Composes the project's devspace.yaml, catalog-info.yaml and (with Cloud Build CI applied) cloudbuild.yaml from its .mx/state.yaml and writes them into the rendered tree, for mx:files:reconcile to merge into the repository.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        statePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace directory of the repository whose .mx/state.yaml the manifests are composed from (after mx:state:merge; default: the workspace root)',
            ),
        targetPath: z =>
          z
            .string()
            .describe(
              'Workspace directory of the rendered tree the manifests are written into (the sourcePath of mx:files:reconcile)',
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe(
              'The manifests written, relative to targetPath (list them as managed in mx:files:reconcile)',
            ),
      },
    },
    async handler(ctx) {
      const statePath = ctx.input.statePath ?? '.';
      const repoDir = safeChildPath(ctx.workspacePath, statePath, 'statePath');
      const outDir = safeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath,
        'targetPath',
      );
      const { state } = await readProjectState(repoDir, statePath);
      const manifests: Array<[string, string | undefined]> = [
        [DEVSPACE_FILE, composeDevspace(state)],
        [CATALOG_INFO_FILE, composeCatalogInfo(state)],
        [CLOUDBUILD_FILE, composeCloudbuild(state)],
      ];
      await fs.mkdir(outDir, { recursive: true });
      const files: string[] = [];
      for (const [file, text] of manifests) {
        if (text === undefined) continue;
        await fs.writeFile(safeChildPath(outDir, file, file), text, 'utf8');
        files.push(file);
      }
      ctx.logger.info(
        `Composed ${files.join(', ')} from ${statePath}/.mx/state.yaml into ${
          ctx.input.targetPath
        }`,
      );
      ctx.output('files', files);
    },
  });
}
