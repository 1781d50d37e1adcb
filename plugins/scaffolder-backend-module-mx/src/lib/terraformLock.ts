// Terraform's state lock: the "Lock Info" block of a refused run, and what to tell the user.

/** The "Lock Info" block terraform prints when the state is locked by someone else. */
export interface LockInfo {
  id?: string;
  path?: string;
  operation?: string;
  who?: string;
  version?: string;
  created?: string;
}

export function parseLockInfo(text: string): LockInfo | undefined {
  if (!text.includes('Error acquiring the state lock')) return undefined;
  const field = (name: string) =>
    new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(text)?.[1]?.trim() ||
    undefined;
  return {
    id: field('ID'),
    path: field('Path'),
    operation: field('Operation'),
    who: field('Who'),
    version: field('Version'),
    created: field('Created'),
  };
}

/** Terraform's Go time format (`2026-11-28 15:48:18.72 +0000 UTC`) as a Date. */
export function parseLockTime(created: string | undefined): Date | undefined {
  const m =
    /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-])(\d\d)(\d\d)/.exec(
      created ?? '',
    );
  if (!m) return undefined;
  const d = new Date(
    `${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4]}${m[5]}:${m[6]}`,
  );
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function describeAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} seconds`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} minutes`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hours`;
  return `${Math.round(h / 24)} days`;
}

export function lockConflictMessage(
  project: string,
  lock: LockInfo,
  now: Date,
): string {
  const since = parseLockTime(lock.created);
  const operation = (lock.operation ?? 'unknown operation').replace(
    /^OperationType/,
    '',
  );
  return `The Terraform state of ${project} is locked by ${
    lock.who ?? 'an unknown holder'
  } (operation: ${operation}${
    since
      ? `, since ${since.toISOString()}, ${describeAge(
          now.getTime() - since.getTime(),
        )} ago`
      : ''
  }${
    lock.id ? `, lock ID ${lock.id}` : ''
  }). Another plan or apply is running on this project: wait for it to finish and run this template again. Do not force-unlock the state while its holder may still be running — that can corrupt it; if the holder is certainly gone, ask the project's owners to check before anyone unlocks it.`;
}
