import { Prisma } from "@/lib/generated/prisma/client";
import type { PendingChange } from "@/lib/domain/group-actions/group-change";

export const OWNERSHIP_DEBOUNCE_MS = 24 * 60 * 60 * 1000;
const FOREVER = new Date("9999-12-31T00:00:00Z");

export const debounceKey = (groupId: string) => `ownership:debounce:${groupId}`;
export const manualKey = (groupId: string) => `ownership:manual:${groupId}`;

/**
 * Called in the transaction of every assignee change: a person's (or an integration's) decision
 * clears the rule debounce and makes sure no rule ever overrides it. Markers live in the database
 * so every app instance sees them (the in-process "has assignee" cache follows group events).
 */
export function noteAssigneeChange(pending: PendingChange, groupId: string, sourceKind: string): void {
  if (sourceKind === "rule") return;
  // Two writes to different keys, buffered with the change: drop the debounce, pin "manual".
  pending.writes.add(Prisma.sql`DELETE FROM "KeyValueMarker" WHERE key = ${debounceKey(groupId)}`);
  pending.writes.add(Prisma.sql`
    INSERT INTO "KeyValueMarker" (key, "expiresAt") VALUES (${manualKey(groupId)}, ${FOREVER})
    ON CONFLICT (key) DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"`);
}
