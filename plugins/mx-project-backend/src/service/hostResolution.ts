import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { OutboundRequestError, isBlockedAddress } from './outboundRules';

/** A resolved address of a host name. */
export type ResolvedAddress = { address: string; family: number };

/** Resolves a host name to every address it has (injected in tests). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = hostname =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for node:http that resolves with `resolver` and refuses a name when any of its
 * addresses is link-local or a cloud metadata address, so the socket connects to an address that
 * passed the check (no DNS rebinding between check and connect).
 */
export function createGuardedLookup(resolver: HostResolver): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolver(hostname).then(
      addresses => {
        const blocked = addresses.find(a => isBlockedAddress(a.address));
        if (blocked) {
          const err = new OutboundRequestError(
            'blocked-address',
            hostname,
            `Refusing to call ${hostname}: it resolves to ${blocked.address}, a link-local or cloud metadata address`,
          );
          (callback as (e: Error) => void)(err);
          return;
        }
        if (addresses.length === 0) {
          (callback as (e: Error) => void)(
            Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
              code: 'ENOTFOUND',
            }),
          );
          return;
        }
        const wanted = lookupOptions?.family;
        const usable = addresses.filter(
          a => !wanted || wanted === 0 || a.family === wanted,
        );
        const list = usable.length ? usable : addresses;
        if (lookupOptions?.all) {
          (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(
            null,
            list,
          );
        } else {
          callback(null, list[0].address, list[0].family);
        }
      },
      (error: Error) => (callback as (e: Error) => void)(error),
    );
  };
}

/**
 * Reuses a host name's resolution for `ttlMs` (a burst of page requests resolves once). Failed
 * lookups are not cached, and the caller checks every address it gets, cached or not.
 */
export function cachedResolver(
  resolver: HostResolver,
  ttlMs: number,
): HostResolver {
  if (ttlMs <= 0) return resolver;
  const cache = new Map<
    string,
    { at: number; answer: Promise<ResolvedAddress[]> }
  >();
  return hostname => {
    const now = Date.now();
    const hit = cache.get(hostname);
    if (hit && now - hit.at < ttlMs) return hit.answer;
    const answer = resolver(hostname);
    cache.set(hostname, { at: now, answer });
    answer.catch(() => cache.delete(hostname));
    if (cache.size > 1000) {
      for (const [k, v] of cache) if (now - v.at >= ttlMs) cache.delete(k);
    }
    return answer;
  };
}
