import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  BASE_DIR,
  FileReconcileDecision,
  applyFileRecords,
  basePathOf,
  matchesAnyGlob,
  reconcileFile,
  reportOf,
  serializeState,
  summarizeReconcile,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './filesReconcile.examples';
import { safeChildPath } from '../lib/paths';
import { readProjectState } from '../lib/state';
import {
  cleanRepoPath,
  listRendered,
  readOptional,
  removeEmptyParents,
} from '../lib/renderedFiles';
import { ProjectGuard, assertMayChangeWorkspaceProject } from '../lib/owners';

/**
 * `mx:files:reconcile` — brings a generator's rendered files into an existing project repository:
 * managed files are updated (three-way merged with the user's edits), seeded files are created
 * once, files the generator no longer renders are removed, and `.mx/state.yaml` records the hash
 * of every render.
 */
export function createFilesReconcileAction(
  options: {
    /** The owner check (owners and mx.admins change a project; creators create one). */
    guard?: ProjectGuard;
  } = {},
) {
  const guard = options.guard;
  return createTemplateAction({
    id: 'mx:files:reconcile',
    description:
      "Reconciles a generator's rendered files into a project repository: creates absent files, updates managed files (three-way merge when you edited them: YAML and JSON by their structure, other files by lines; a conflicting value keeps yours and is reported), never overwrites seeded files, removes files the generator no longer renders, and records file hashes in .mx/state.yaml. Running it twice with the same render changes nothing.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        sourcePath: z =>
          z
            .string()
            .min(1)
            .describe(
              'The rendered files, a folder in the workspace (e.g. `rendered`, the targetPath of fetch:template)',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'The repository, a folder in the workspace holding .mx/state.yaml (default: `repo`)',
            ),
        generatorId: z =>
          z
            .string()
            .regex(
              /^[a-z0-9]+(-[a-z0-9]+)*$/,
              'a generator id: lowercase letters, digits and single hyphens',
            )
            .describe(
              'The generator rendering these files, e.g. `distributed-training`',
            ),
        managed: z =>
          z
            .array(z.string().min(1))
            .optional()
            .describe(
              'Globs of managed files (re-rendered on every run, your edits merged), e.g. `devspace.yaml`, `infrastructure/**`',
            ),
        seeded: z =>
          z
            .array(z.string().min(1))
            .optional()
            .describe(
              'Globs of seeded files (created once, then yours). Anything not managed is seeded; a seeded glob also wins over a managed one',
            ),
        remove: z =>
          z
            .array(z.string().min(1))
            .optional()
            .describe(
              'Repository paths this generator rendered before but no longer does; removed unless you edited them',
            ),
      },
      output: {
        created: z => z.array(z.string()).describe('Files created'),
        updated: z =>
          z
            .array(z.string())
            .describe('Managed files replaced by the new render'),
        merged: z =>
          z
            .array(z.string())
            .describe(
              'Managed files where your edits and the new render were merged (YAML and JSON key by key, other files line by line)',
            ),
        conflicts: z =>
          z
            .array(z.string())
            .describe(
              'Managed files whose edits conflict with the new render: your values are kept. YAML and JSON files get the rest of the render merged around the conflicting values (each listed in `summary` with its path and both values); other files are left as you had them',
            ),
        removed: z => z.array(z.string()).describe('Files removed'),
        unchanged: z =>
          z.array(z.string()).describe('Files already as rendered'),
        skipped: z =>
          z
            .array(z.string())
            .describe(
              'Files left alone because they are yours (seeded files that exist, files you deleted)',
            ),
        kept: z =>
          z
            .array(z.string())
            .describe(
              'Files listed in `remove` that you edited: left in place, no longer managed',
            ),
        summary: z =>
          z
            .string()
            .describe(
              'Markdown report, for the task output or a pull request body',
            ),
      },
    },
    async handler(ctx) {
      const safe = (p: string, name: string) =>
        safeChildPath(ctx.workspacePath, p, name, 'use a relative path');
      const targetPath = ctx.input.targetPath ?? 'repo';
      const sourceDir = safe(ctx.input.sourcePath, 'sourcePath');
      const repoDir = safe(targetPath, 'targetPath');
      // Owners (and mx.admins) only: the one owner check every mutating mx action shares.
      if (guard) {
        await assertMayChangeWorkspaceProject(guard, ctx, {
          repoDir: repoDir,
          actionId: 'mx:files:reconcile',
        });
      }
      if (!(await fs.stat(sourceDir).catch(() => undefined))?.isDirectory()) {
        throw new InputError(
          `sourcePath '${ctx.input.sourcePath}' is not a folder in the workspace; render the generator there first (fetch:template with targetPath '${ctx.input.sourcePath}')`,
        );
      }

      const repoFile = (p: string) => safeChildPath(repoDir, p, 'path');
      const {
        state,
        text: stateText,
        file: stateFile,
      } = await readProjectState(repoDir, targetPath, {
        missingHint: `run mx:repo:checkout (or mx:state:merge with targetPath '${targetPath}') before mx:files:reconcile`,
      });

      const generator = ctx.input.generatorId;
      const managedGlobs = ctx.input.managed ?? [];
      const seededGlobs = ctx.input.seeded ?? [];
      const rendered = (
        await listRendered(sourceDir, (p, why) =>
          ctx.logger.warn(`Ignored rendered ${p}: ${why}`),
        )
      ).filter(p => {
        if (p === '.mx' || p.startsWith('.mx/')) {
          ctx.logger.warn(
            `Ignored rendered ${p}: .mx/ belongs to mx:state:merge and mx:files:reconcile`,
          );
          return false;
        }
        return true;
      });
      const removals = (ctx.input.remove ?? []).map(p =>
        cleanRepoPath(p, 'remove'),
      );
      for (const p of removals) {
        if (rendered.includes(p)) {
          throw new InputError(
            `'${p}' is listed in remove but the generator still renders it; drop it from remove or from the skeleton`,
          );
        }
        if (p === '.mx' || p.startsWith('.mx/')) {
          throw new InputError(`remove may not name MX's own files ('${p}')`);
        }
      }

      const decisions: FileReconcileDecision[] = [];
      for (const p of [...rendered, ...removals]) {
        const isRemoval = !rendered.includes(p);
        const mode =
          matchesAnyGlob(p, managedGlobs) && !matchesAnyGlob(p, seededGlobs)
            ? 'managed'
            : 'seeded';
        decisions.push(
          reconcileFile({
            path: p,
            generator,
            mode,
            rendered: isRemoval
              ? undefined
              : new Uint8Array(
                  await fs.readFile(
                    safeChildPath(sourceDir, p, 'rendered file'),
                  ),
                ),
            current: await readOptional(repoFile(p)),
            record: state.files[p],
            base: await readOptional(repoFile(basePathOf(p))),
          }),
        );
      }

      for (const d of decisions) {
        const file = repoFile(d.path);
        const baseFile = repoFile(basePathOf(d.path));
        if (d.write) {
          await fs.mkdir(path.dirname(file), { recursive: true });
          const mode =
            d.action === 'create'
              ? (
                  await fs.stat(
                    safeChildPath(sourceDir, d.path, 'rendered file'),
                  )
                ).mode & 0o777
              : undefined;
          await fs.writeFile(file, d.write, mode ? { mode } : undefined);
        }
        if (d.delete) {
          await fs.rm(file, { force: true });
          await removeEmptyParents(repoDir, file);
        }
        if (d.base === 'delete') {
          await fs.rm(baseFile, { force: true });
          await removeEmptyParents(repoFile(BASE_DIR), baseFile);
        } else if (d.base !== 'keep') {
          await fs.mkdir(path.dirname(baseFile), { recursive: true });
          await fs.writeFile(baseFile, d.base.write);
        }
        const log =
          d.action === 'conflict' || d.action === 'keep'
            ? ctx.logger.warn
            : ctx.logger.info;
        log.call(ctx.logger, `${d.action.padEnd(9)} ${d.path}: ${d.reason}`);
      }

      const newState = {
        ...state,
        files: applyFileRecords(state.files, decisions),
      };
      const newText = serializeState(newState);
      if (newText !== stateText) {
        await fs.writeFile(stateFile, newText, 'utf8');
      }

      const report = reportOf(decisions);
      const summary = summarizeReconcile(generator, decisions);
      ctx.logger.info(
        `Reconciled ${decisions.length} file(s) from ${ctx.input.sourcePath}: ${report.created.length} created, ${report.updated.length} updated, ${report.merged.length} merged, ${report.conflicts.length} conflict(s), ${report.removed.length} removed, ${report.unchanged.length} unchanged, ${report.skipped.length} skipped`,
      );
      for (const [k, v] of Object.entries(report)) {
        ctx.output(k as keyof typeof report, v);
      }
      ctx.output('summary', summary);
    },
  });
}
