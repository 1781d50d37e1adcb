/**
 * MLflow's paging: `max_results` (validated against each endpoint's limit) and an opaque
 * base64 `page_token`; the last page carries no `next_page_token`
 * (mlflow/utils/search_utils.py `SearchUtils.create_page_token`/`parse_start_offset_from_page_token`).
 */
import { invalid } from './errors';

function encodeToken(offset: number) {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(
      Buffer.from(String(token), 'base64').toString('utf8'),
    );
    if (typeof parsed?.offset === 'number' && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // fall through
  }
  return invalid('Invalid page token, could not base64-decode');
}

function maxResultsOf(value: unknown, fallback: number, limit: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    invalid(`Invalid value ${value} for parameter 'max_results' supplied`);
  if (n > limit) {
    invalid(
      `Invalid value ${value} for parameter 'max_results' supplied. It must be at most ${limit}`,
    );
  }
  return n;
}

/** One page of `items`: `fallback` when max_results is absent, `limit` the largest allowed. */
export function page<T>(
  items: T[],
  params: { max_results?: unknown; page_token?: unknown },
  fallback: number,
  limit: number,
) {
  const offset = decodeToken(params.page_token);
  const max = maxResultsOf(params.max_results, fallback, limit);
  const slice = items.slice(offset, offset + max);
  const next =
    offset + max < items.length ? encodeToken(offset + max) : undefined;
  return { slice, next };
}
