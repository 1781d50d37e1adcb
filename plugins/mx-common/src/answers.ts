/**
 * A generator's own answers on a re-run: what was sent wins, a value not sent keeps the one the
 * project recorded, and only a generator never applied falls back to the template's defaults.
 * Pure: the `mx:answers:resolve` action and the project page both use it.
 */
import { jsonEqual } from './state/merge';

export type AnswerChange = { key: string; from: unknown; to: unknown };

export type ResolvedAnswers = {
  /** the answers the run uses */
  values: Record<string, unknown>;
  /** where each answer came from */
  sources: Record<string, 'sent' | 'recorded' | 'default'>;
  /** recorded answers the run changes (empty for a first run) */
  changes: AnswerChange[];
};

/** A value the caller did not send: absent, null, or an empty string from an empty form field. */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Resolves a run's answers for the keys in `defaults` (the generator's own questions, with the
 * template's defaults) plus any recorded or sent key.
 */
export function resolveAnswers(options: {
  sent?: Record<string, unknown>;
  recorded?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
}): ResolvedAnswers {
  const sent = options.sent ?? {};
  const recorded = options.recorded ?? {};
  const defaults = options.defaults ?? {};
  const keys = [
    ...new Set([
      ...Object.keys(defaults),
      ...Object.keys(recorded),
      ...Object.keys(sent),
    ]),
  ];
  const values: Record<string, unknown> = {};
  const sources: ResolvedAnswers['sources'] = {};
  const changes: AnswerChange[] = [];
  for (const key of keys) {
    if (!isUnset(sent[key])) {
      values[key] = sent[key];
      sources[key] = 'sent';
      if (key in recorded && !jsonEqual(recorded[key], sent[key])) {
        changes.push({ key, from: recorded[key], to: sent[key] });
      }
    } else if (key in recorded) {
      values[key] = recorded[key];
      sources[key] = 'recorded';
    } else if (!isUnset(defaults[key])) {
      values[key] = defaults[key];
      sources[key] = 'default';
    }
  }
  return { values, sources, changes };
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** One line per changed answer: `workers: 8 → 2`. */
export function describeAnswerChanges(changes: AnswerChange[]): string[] {
  return changes.map(c => `${c.key}: ${show(c.from)} → ${show(c.to)}`);
}

/**
 * The "Changed answers" section of a commit or pull request body, or an empty string when no
 * recorded answer changed.
 */
export function answerChangesSection(changes: AnswerChange[]): string {
  if (changes.length === 0) return '';
  return [
    'Changed answers:',
    ...describeAnswerChanges(changes).map(l => `- ${l}`),
  ].join('\n');
}

/** The changes that touch an answer marked destructive, with its reason. */
export function destructiveChanges(
  changes: AnswerChange[],
  destructive: Array<{ key: string; reason?: string }>,
): Array<AnswerChange & { reason?: string }> {
  const byKey = new Map(destructive.map(d => [d.key, d.reason]));
  return changes
    .filter(c => byKey.has(c.key))
    .map(c => ({
      ...c,
      ...(byKey.get(c.key) ? { reason: byKey.get(c.key) } : {}),
    }));
}
