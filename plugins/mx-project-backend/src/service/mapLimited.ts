import { isError } from '@backstage/errors';

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return out;
}

/** An error's message (or the thrown value as text). */
export const message = (e: unknown) => (isError(e) ? e.message : String(e));
