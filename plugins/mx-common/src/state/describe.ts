import { z } from 'zod';

/** One readable line for a zod validation failure of a state: the dotted path and the rule. */
export function describeStateValidationError(error: unknown): string | undefined {
  if (!(error instanceof z.ZodError)) return undefined;
  return error.issues
    .map(issue => {
      const path = issue.path.map(String).join('.');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}
