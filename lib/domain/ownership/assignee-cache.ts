import type { Db } from "@/lib/db/client";
import { subscribeGroupEvents } from "@/lib/domain/group-events";

// "Does this group have an assignee?" is asked for every new or regressed group; a short-lived
// in-process read cache spares the query (design: memory caches are read caches only; the truth
// stays in PostgreSQL). It only filters: other instances' changes do not clear it, so the rule's
// assignment itself decides again under the group's lock (assign-by-rule.ts).
const TTL_MS = 30_000;
const cache = new Map<string, { value: boolean; expiresAt: number }>();

export async function groupHasAssignee(db: Db, groupId: string): Promise<boolean> {
  const hit = cache.get(groupId);
  if (hit && hit.expiresAt > Date.now()) return hit.value;
  const value = (await db.groupAssignee.count({ where: { groupId } })) > 0;
  cache.set(groupId, { value, expiresAt: Date.now() + TTL_MS });
  if (cache.size > 50_000) cache.clear();
  return value;
}

// Every assignee change clears its entry once it has committed (group events are published after
// commit): cleared any earlier, a read made while the change was uncommitted could put the old
// answer back for the whole TTL.
subscribeGroupEvents((event) => {
  if (event.type === "assigned" || event.type === "unassigned") cache.delete(event.groupId);
});
