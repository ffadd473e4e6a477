import type { Db } from "@/lib/db/client";
import { findActiveKeyForIngestion, type IngestionKey } from "./find-active-key-for-ingestion";

// SDK intake authenticates every request by its key; looking the key up each time would be one
// more statement on Tether's hottest endpoint. Answers (also "no such key") are kept for
// KEY_CACHE_TTL_MS in each process, so a key disabled or rotated through another Tether instance
// (or straight in the database) is refused within that bound. In this process, changing a key
// forgets the cache at once.

export const KEY_CACHE_TTL_MS = 5_000;
// Unknown keys are cached too (a misconfigured SDK retries); the bound keeps made-up keys from
// growing the map without end.
const MAX_ENTRIES = 10_000;

/** A key, or why there is none: no project has that id, or the project has no such active key. */
export type IngestionKeyLookup = IngestionKey | "unknown_project" | "refused";

interface Entry {
  key: IngestionKeyLookup;
  expiresAt: number;
}

const cache = new Map<string, Entry>();

/**
 * findActiveKeyForIngestion, answered from memory for up to KEY_CACHE_TTL_MS. Only when there is
 * no key does it also ask whether the project exists, so a refusal can say which.
 */
export async function findActiveKeyForIngestionCached(db: Db, ingestId: number, publicKey: string, now: number = Date.now()): Promise<IngestionKeyLookup> {
  const id = `${ingestId}:${publicKey}`;
  const hit = cache.get(id);
  if (hit && hit.expiresAt > now) return hit.key;
  const found = await findActiveKeyForIngestion(db, ingestId, publicKey);
  const key: IngestionKeyLookup = found ?? ((await db.project.findUnique({ where: { ingestId }, select: { id: true } })) ? "refused" : "unknown_project");
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(id, { key, expiresAt: now + KEY_CACHE_TTL_MS });
  return key;
}

/** Called after a key is added, disabled, enabled or rotated, so this process sees it on the next event. */
export function forgetIngestionKeys(): void {
  cache.clear();
}
