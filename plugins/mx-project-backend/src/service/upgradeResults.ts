import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { UpgradeResult } from '@mx-backstage/plugin-mx-common';
import { z } from 'zod';
import { mapLimited } from './mapLimited';
import { ScaffolderCall } from './scaffolderClient';

const resultsQuery = z.object({
  ids: z
    .string()
    .min(1)
    .max(100 * 64),
});

export type TaskEvent = {
  type: string;
  body?: { message?: string; status?: string; output?: unknown };
};

/** The outcome of one finished (or running) scaffolder task of an upgrade. */
export function upgradeResultOf(
  task: {
    id: string;
    status: string;
    spec?: { parameters?: Record<string, unknown> };
  },
  events: TaskEvent[],
): UpgradeResult {
  const project = task.spec?.parameters?.project;
  const base = {
    taskId: task.id,
    ...(typeof project === 'string' ? { entityRef: project } : {}),
    conflicts: [] as string[],
  };
  if (task.status === 'open' || task.status === 'processing') {
    return { ...base, status: 'running' };
  }
  const completion = events.find(e => e.type === 'completion');
  const output = (completion?.body?.output ?? {}) as Record<string, unknown>;
  const conflicts = Array.isArray(output.conflicts)
    ? output.conflicts.filter((c): c is string => typeof c === 'string')
    : [];
  if (task.status !== 'completed') {
    // The step that failed logs the error with status `failed`.
    const failed = [...events]
      .reverse()
      .find(e => e.type === 'log' && e.body?.status === 'failed');
    return {
      ...base,
      status: task.status === 'cancelled' ? 'cancelled' : 'failed',
      error:
        failed?.body?.message ??
        completion?.body?.message ??
        `the task ended ${task.status}`,
    };
  }
  const str = (v: unknown) =>
    typeof v === 'string' && v.length > 0 ? v : undefined;
  return {
    ...base,
    // A template that does not say whether it pushed is counted as upgraded (it ran to the end).
    status: output.changed === false ? 'unchanged' : 'upgraded',
    ...(str(output.commitHash) ? { commitHash: str(output.commitHash) } : {}),
    ...(str(output.pullRequestUrl)
      ? { pullRequestUrl: str(output.pullRequestUrl) }
      : {}),
    conflicts,
  };
}

/**
 * `GET /upgrades/tasks?ids=…`: the outcome of each upgrade task, read from the scaffolder as the
 * caller (its events only once it has finished).
 */
export async function readUpgradeResults(opts: {
  query: unknown;
  credentials: () => Promise<BackstageCredentials>;
  scaffolder: ScaffolderCall;
  concurrency: number;
}): Promise<UpgradeResult[]> {
  const { scaffolder, concurrency } = opts;
  const parsed = resultsQuery.safeParse(opts.query);
  if (!parsed.success) {
    throw new InputError(
      'Invalid upgrade results request: pass the task ids as ?ids=<id>,<id>',
    );
  }
  const ids = [
    ...new Set(
      parsed.data.ids
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.some(id => !/^[A-Za-z0-9-]{1,64}$/.test(id)) || ids.length > 100) {
    throw new InputError(
      'Invalid upgrade results request: ids are scaffolder task ids (at most 100)',
    );
  }
  const credentials = await opts.credentials();
  const results = await mapLimited(ids, concurrency, async id => {
    const task = await scaffolder(
      credentials,
      'GET',
      `/v2/tasks/${encodeURIComponent(id)}`,
    );
    const done = !['open', 'processing'].includes(task.status);
    const events: TaskEvent[] = done
      ? await scaffolder(
          credentials,
          'GET',
          `/v2/tasks/${encodeURIComponent(id)}/events`,
        )
      : [];
    return upgradeResultOf(task, events);
  });
  return results;
}
