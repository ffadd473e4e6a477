import type { Db } from "@/lib/db/client";
import { findActiveKeyForIngestion, type IngestionKey } from "./find-active-key-for-ingestion";

// SDK intake authenticates every request by its key; looking the key up each time would be one
// more statement on Tether's hottest endpoint. Answers (also "no such key") are kept for
// KEY_CACHE_TTL_MS in each process, so a key disabled or rotated through another Tether instance
// (or straight in the database) is refused within that bound. In this process, changing a key
// forgets the cache at once.

export const KEY_CACHE_TTL_MS = 5_000;

export interface IngestionKeyCacheLimits {
  /** Keys that exist and are active: far more than any installation has, so only churn evicts them. */
  maxKnown: number;
  /**
   * Refusals (unknown key or project, disabled key). Cached so a misconfigured SDK's retries cost
   * nothing, but kept apart and few: anyone can send made-up keys, and those must never push the
   * installation's real keys out.
   */
  maxRefused: number;
}

export const INGESTION_KEY_CACHE_LIMITS: IngestionKeyCacheLimits = { maxKnown: 10_000, maxRefused: 1_000 };

/** A key, or why there is none: no project has that id, or the project has no such active key. */
export type IngestionKeyLookup = IngestionKey | "unknown_project" | "refused";

interface Entry {
  key: IngestionKeyLookup;
  expiresAt: number;
}

export interface IngestionKeyCache {
  find(db: Db, ingestId: number, publicKey: string, now?: number): Promise<IngestionKeyLookup>;
  forget(): void;
}

/** Sets `id` as the newest entry, dropping the oldest ones (Map order is insertion order) beyond `max`. */
function remember(map: Map<string, Entry>, id: string, entry: Entry, max: number): void {
  map.delete(id);
  while (map.size >= max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
  if (max > 0) map.set(id, entry);
}

export function createIngestionKeyCache(limits: IngestionKeyCacheLimits = INGESTION_KEY_CACHE_LIMITS): IngestionKeyCache {
  const known = new Map<string, Entry>();
  const refused = new Map<string, Entry>();
  // A lookup that read the database before a key change must not store its stale answer after the change forgot the cache.
  let generation = 0;

  return {
    async find(db, ingestId, publicKey, now = Date.now()) {
      const id = `${ingestId}:${publicKey}`;
      const hit = known.get(id) ?? refused.get(id);
      if (hit && hit.expiresAt > now) return hit.key;
      const started = generation;
      const found = await findActiveKeyForIngestion(db, ingestId, publicKey);
      const key: IngestionKeyLookup = found ?? ((await db.project.findUnique({ where: { ingestId }, select: { id: true } })) ? "refused" : "unknown_project");
      if (started !== generation) return key;
      const entry = { key, expiresAt: now + KEY_CACHE_TTL_MS };
      if (typeof key === "string") {
        known.delete(id);
        remember(refused, id, entry, limits.maxRefused);
      } else {
        refused.delete(id);
        remember(known, id, entry, limits.maxKnown);
      }
      return key;
    },
    forget() {
      generation += 1;
      known.clear();
      refused.clear();
    },
  };
}

const shared = createIngestionKeyCache();

/**
 * findActiveKeyForIngestion, answered from memory for up to KEY_CACHE_TTL_MS. Only when there is
 * no key does it also ask whether the project exists, so a refusal can say which.
 */
export function findActiveKeyForIngestionCached(db: Db, ingestId: number, publicKey: string, now: number = Date.now()): Promise<IngestionKeyLookup> {
  return shared.find(db, ingestId, publicKey, now);
}

/** Called after a key is added, changed, disabled, enabled or rotated, so this process sees it on the next event. */
export function forgetIngestionKeys(): void {
  shared.forget();
}
