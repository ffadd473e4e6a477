import type { Level } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/domain/group-actions/group-change";

export interface GroupCounterChange {
  groupId: string;
  newEvents: number;
  earliest: Date;
  latest: Date;
  /** The level of the batch's latest event. */
  latestLevel: Level;
}

/**
 * Adds a batch's events to the counters of groups locked by this transaction, in one statement.
 * first/last seen only ever widen; the level follows the newest event, so a late event from the
 * past does not overwrite what a newer one said.
 */
export async function updateGroupCounters(tx: Tx, changes: readonly GroupCounterChange[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  const iso = (date: Date) => date.toISOString();
  await tx.$executeRaw`
    UPDATE "Group" AS g SET
      "timesSeen" = g."timesSeen" + c.n,
      "firstSeen" = LEAST(g."firstSeen", c.earliest::timestamptz AT TIME ZONE 'UTC'),
      "lastSeen" = GREATEST(g."lastSeen", c.latest::timestamptz AT TIME ZONE 'UTC'),
      "level" = CASE WHEN c.latest::timestamptz AT TIME ZONE 'UTC' >= g."lastSeen" THEN c.level::"Level" ELSE g."level" END,
      "updatedAt" = ${iso(now)}::timestamptz AT TIME ZONE 'UTC'
    FROM unnest(
      ${changes.map((c) => c.groupId)}::text[], ${changes.map((c) => c.newEvents)}::int[],
      ${changes.map((c) => iso(c.earliest))}::text[], ${changes.map((c) => iso(c.latest))}::text[], ${changes.map((c) => c.latestLevel)}::text[]
    ) AS c(id, n, earliest, latest, level)
    WHERE g.id = c.id`;
}
