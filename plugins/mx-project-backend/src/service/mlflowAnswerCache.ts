import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { LRUCache } from 'lru-cache';

/** A stored MLflow answer: the exact bytes the page was sent, and how old they are. */
export type CachedAnswer = { body: Buffer; ageSeconds: number };

/**
 * A short-lived, size-bounded store of complete MLflow answers (the JSON bytes the gateway sent),
 * shared by every caller of the same project. A page makes bursts of identical reads (paging back,
 * re-sorting, re-selecting a run, a tab opened again, a team looking at the same project), and on
 * the private path each read is a round trip through the cluster's API server; within the TTL
 * such a read is answered from here.
 *
 * What it never changes: the caller's access is checked before every lookup (the route resolves
 * the entity with the caller's credentials first), only complete 200 answers are kept (errors,
 * cut streams and answers over `maxEntryBytes` are not), and the outbound rules (allowlist, DNS
 * checks, redirects, size cap) apply to every request that reaches MLflow.
 */
export type MlflowAnswerCache = {
  get(key: string): CachedAnswer | undefined;
  set(key: string, body: Buffer): void;
  /** Collects a streamed answer as it flows and stores it once it ended complete. */
  collect(key: string, stream: Readable): void;
};

export type MlflowAnswerCacheOptions = {
  /** How long an answer is reused, in milliseconds (> 0). */
  ttlMs: number;
  /** The total size of the stored answers, in bytes. */
  maxBytes: number;
  /** The largest single answer kept, in bytes (larger ones pass through unstored). */
  maxEntryBytes: number;
  /** The clock (tests); default `performance`. */
  perf?: { now(): number };
};

export function createMlflowAnswerCache(
  options: MlflowAnswerCacheOptions,
): MlflowAnswerCache {
  const perf = options.perf ?? performance;
  const maxEntryBytes = Math.min(options.maxEntryBytes, options.maxBytes);
  const store = new LRUCache<string, { body: Buffer; at: number }>({
    ttl: options.ttlMs,
    maxSize: options.maxBytes,
    maxEntrySize: maxEntryBytes,
    sizeCalculation: value => Math.max(1, value.body.length),
    perf,
    // read the clock on every check (the default reuses a reading for 1 ms, by a timer)
    ttlResolution: 0,
  });

  const set = (key: string, body: Buffer) => {
    if (body.length > maxEntryBytes) return;
    store.set(key, { body, at: perf.now() });
  };

  return {
    get(key) {
      const hit = store.get(key);
      if (!hit) return undefined;
      return {
        body: hit.body,
        ageSeconds: Math.floor((perf.now() - hit.at) / 1000),
      };
    },
    set,
    collect(key, stream) {
      let chunks: Buffer[] | undefined = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (!chunks) return;
        size += chunk.length;
        if (size > maxEntryBytes) chunks = undefined;
        else chunks.push(chunk);
      });
      // 'end' only follows a complete answer: a cut or capped stream is destroyed with an error.
      stream.once('end', () => {
        if (chunks) set(key, Buffer.concat(chunks, size));
      });
    },
  };
}

/**
 * What the caller allows (RFC 9111 request directives): `Cache-Control: no-cache` (the page's
 * Refresh), `max-age=0` or `Pragma: no-cache` ask MLflow again (`lookup: false`) and keep the new
 * answer; `no-store` also keeps nothing (`store: false`).
 */
export function answerCachePolicy(headers: IncomingHttpHeaders): {
  lookup: boolean;
  store: boolean;
} {
  const control = String(headers['cache-control'] ?? '');
  const store = !/\bno-store\b/i.test(control);
  const lookup =
    store &&
    !/\bno-cache\b|\bmax-age\s*=\s*0\b/i.test(control) &&
    !/\bno-cache\b/i.test(String(headers.pragma ?? ''));
  return { lookup, store };
}
