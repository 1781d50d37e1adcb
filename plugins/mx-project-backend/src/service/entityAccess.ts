import type express from 'express';
import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';

/** How long an entity fetched for a caller is reused within a burst of page requests. */
const ENTITY_CACHE_MS = 5_000;

/** A stable key for the caller of a request (user or service), for per-caller caches. */
function callerKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p?.type === 'user') return `user:${p.userEntityRef}`;
  if (p?.type === 'service') return `service:${p.subject}`;
  return p?.type ?? 'none';
}

/** A tiny time-bounded cache of catalog answers per (caller, entity). */
function createEntityCache(ttlMs: number) {
  const entries = new Map<
    string,
    { at: number; value: Promise<Entity | undefined> }
  >();
  return {
    get(
      caller: string,
      ref: string,
      load: () => Promise<Entity | undefined>,
    ): Promise<Entity | undefined> {
      const key = `${caller}|${ref}`;
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = load();
      entries.set(key, { at: now, value });
      value.then(
        e => {
          if (!e) entries.delete(key);
        },
        () => entries.delete(key),
      );
      if (entries.size > 500) {
        for (const [k, v] of entries)
          if (now - v.at >= ttlMs) entries.delete(k);
      }
      return value;
    },
  };
}

/**
 * The entity, fetched with the caller's own credentials: invisible means 404. A page load
 * makes a burst of calls for the same project, so the answer is reused for a few seconds for
 * the same caller (keyed by the caller's identity, never shared between callers).
 */
export function createEntityLookup(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
}): (req: express.Request) => Promise<Entity> {
  const { httpAuth, catalog } = options;
  const entities = createEntityCache(ENTITY_CACHE_MS);
  return async function entityFor(req) {
    const credentials = await httpAuth.credentials(req);
    const ref = stringifyEntityRef({
      kind: 'component',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const entity = await entities.get(callerKey(credentials), ref, () =>
      catalog.getEntityByRef(ref, { credentials }),
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} (or you may not read it)`);
    }
    return entity;
  };
}
