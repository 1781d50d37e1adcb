import { z } from 'zod';
import { InputError } from '@backstage/errors';

/** The bodies and queries the MLflow routes accept (the page's API client sends them). */

const orderBy = z.array(z.string().max(200)).max(10).optional();
const pageToken = z.string().max(4096).optional();
const filter = z.string().max(2000).optional();

export const experimentsSearchBody = z.object({
  maxResults: z.number().int().min(1).max(1000).optional(),
  pageToken,
  filter,
  orderBy,
  viewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).optional(),
});

export const runsSearchBody = z.object({
  experimentIds: z.array(z.string().min(1).max(100)).min(1).max(100),
  maxResults: z.number().int().min(1).max(1000).optional(),
  pageToken,
  filter,
  orderBy,
  runViewType: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).optional(),
});

export const historyQuery = z.object({
  runId: z.string().min(1).max(100),
  metricKey: z.string().min(1).max(250),
});

export const pagedQuery = z.object({
  maxResults: z.coerce.number().int().min(1).max(1000).optional(),
  pageToken,
  filter,
});

/** The request, checked against `schema`; a 400 naming the first problem otherwise. */
export function parse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${what}: ${
        issue.path.length ? `${issue.path.join('.')}: ` : ''
      }${issue.message}`,
    );
  }
  return result.data;
}
