import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_DESTRUCTIVE_ANSWERS,
  ANNOTATION_PROJECT_ANSWERS,
  answerChangesSection,
  describeAnswerChanges,
  destructiveChanges,
  parseDestructiveAnswers,
  resolveAnswers,
} from '@mx-backstage/plugin-mx-common';
import { examples } from './answersResolve.examples';
import { generatorIdInput, optionalObjectInput } from '../lib/inputs';

/**
 * `mx:answers:resolve` — the answers a generator run uses: a value sent wins, a value not sent
 * keeps the one the project recorded (`.mx/state.yaml` `generators.<id>.values`), and only a
 * generator never applied falls back to the template's defaults. Lists the recorded answers the
 * run changes (for the commit/PR body) and warns about the ones marked destructive. Pure: no I/O.
 *
 * The project answers and the destructive answers come from the running template's own
 * annotations (`ctx.templateInfo`), unless given as inputs: Backstage's scaffolder gives actions
 * the template entity but does not put `templateInfo` in the `${{ }}` context, so a template
 * cannot pass its annotations itself (the kit rule "no templateInfo in expressions" says so).
 */
export function createAnswersResolveAction() {
  return createTemplateAction({
    id: 'mx:answers:resolve',
    description:
      "Resolves a generator's answers on a re-run: sent > recorded in the project state > template default. Outputs the answers, the changed ones (`workers: 8 → 2`) and the destructive changes.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        generatorId: generatorIdInput(
          'Id of the generator, its key under `generators` in the state',
        ),
        state: optionalObjectInput(
          'The project state, e.g. `${{ steps.checkout.output.state }}`',
        ),
        values: optionalObjectInput(
          'What the run sent, e.g. `${{ parameters }}`; only the keys of `defaults` are read. An absent, null or empty value is "not sent".',
        ),
        defaults: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              "The generator's own questions with the template's defaults (null for a question without one)",
            ),
        projectAnswers: z =>
          z
            .union([z.string(), z.array(z.string())])
            .optional()
            .describe(
              "Project answers (keys of the state's `project`) this generator asks for, e.g. `baseDomain`: their recorded value counts as recorded. Default: the running template's `mx.backstage.io/project-answers` annotation",
            ),
        required: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Answers that must have a value after resolving (sent or recorded): a first run that leaves one out fails, naming it',
            ),
        destructive: z =>
          z
            .union([
              z.string(),
              z.array(
                z.object({ key: z.string(), reason: z.string().optional() }),
              ),
            ])
            .optional()
            .describe(
              "Answers whose change destroys data (`key: reason` lines, or a list). Default: the running template's `mx.backstage.io/destructive-answers` annotation",
            ),
      },
      output: {
        values: z =>
          z.record(z.string(), z.unknown()).describe('The answers to use'),
        changes: z =>
          z
            .array(z.string())
            .describe('One line per changed recorded answer: `workers: 8 → 2`'),
        changesSection: z =>
          z
            .string()
            .describe(
              'A "Changed answers:" list for the commit/PR body; empty when nothing changed',
            ),
        destructive: z =>
          z
            .array(z.string())
            .describe('The changes that destroy data, with the reason'),
      },
    },
    async handler(ctx) {
      const { generatorId, defaults } = ctx.input;
      const annotations = ctx.templateInfo?.entity?.metadata.annotations ?? {};
      // An empty input is no input: fall back to the template's annotation.
      const projectAnswers =
        ctx.input.projectAnswers || annotations[ANNOTATION_PROJECT_ANSWERS];
      const destructive =
        ctx.input.destructive || annotations[ANNOTATION_DESTRUCTIVE_ANSWERS];
      const state = ctx.input.state as
        | { generators?: Record<string, { values?: Record<string, unknown> }> }
        | undefined;
      const projectKeys =
        typeof projectAnswers === 'string'
          ? projectAnswers.split(/[\s,]+/).filter(Boolean)
          : projectAnswers ?? [];
      const project = (state as { project?: Record<string, unknown> })?.project;
      const fromProject = Object.fromEntries(
        projectKeys
          .filter(k => project?.[k] !== undefined)
          .map(k => [k, project![k]]),
      );
      const applied = state?.generators?.[generatorId];
      const recorded =
        applied || Object.keys(fromProject).length > 0
          ? { ...fromProject, ...(applied?.values ?? {}) }
          : undefined;
      const questions = new Set([
        ...Object.keys(defaults),
        ...projectKeys,
        ...Object.keys(recorded ?? {}),
      ]);
      const sent = Object.fromEntries(
        Object.entries(ctx.input.values ?? {}).filter(([k]) =>
          questions.has(k),
        ),
      );
      const resolved = resolveAnswers({ sent, recorded, defaults });
      const missing = (ctx.input.required ?? []).filter(
        k => resolved.values[k] === undefined,
      );
      if (missing.length > 0) {
        throw new InputError(
          `${generatorId} needs ${missing.join(', ')}: answer ${
            missing.length > 1 ? 'them' : 'it'
          } in the form (the project has no recorded value)`,
        );
      }
      const destructiveKeys =
        typeof destructive === 'string'
          ? parseDestructiveAnswers(destructive)
          : destructive ?? [];
      const destroying = destructiveChanges(resolved.changes, destructiveKeys);

      const kept = Object.entries(resolved.sources)
        .filter(([, s]) => s === 'recorded')
        .map(([k]) => k);
      if (applied) {
        ctx.logger.info(
          `${generatorId} was applied before: ${
            kept.length
              ? `kept the recorded ${kept.join(', ')}`
              : 'every answer was sent'
          }; ${
            resolved.changes.length
              ? `changed ${describeAnswerChanges(resolved.changes).join(', ')}`
              : 'no recorded answer changed'
          }`,
        );
      }
      const destructiveLines = destroying.map(
        d =>
          `${describeAnswerChanges([d])[0]}${d.reason ? ` (${d.reason})` : ''}`,
      );
      for (const line of destructiveLines) {
        ctx.logger.warn(`Destructive change: ${line}`);
      }
      const section = [
        answerChangesSection(resolved.changes),
        destructiveLines.length
          ? [
              'Destroys data — review before applying:',
              ...destructiveLines.map(l => `- ${l}`),
            ].join('\n')
          : '',
      ]
        .filter(Boolean)
        .join('\n\n');

      ctx.output('values', resolved.values);
      ctx.output('changes', describeAnswerChanges(resolved.changes));
      ctx.output('changesSection', section);
      ctx.output('destructive', destructiveLines);
    },
  });
}
