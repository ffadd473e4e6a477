import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Rebuilds the users-affected count and the hourly event counts of the given groups from their
 * stored events. Ingestion keeps these up to date as events arrive; this is for rows written in
 * bulk around it (the demo seed, data generators).
 */
export async function rebuildGroupAggregates(tx: Tx, groupIds: readonly string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const ids = [...groupIds];
  await tx.$executeRaw`DELETE FROM "GroupUser" WHERE "groupId" = ANY(${ids})`;
  await tx.$executeRaw`DELETE FROM "GroupEventBucket" WHERE "groupId" = ANY(${ids})`;
  await tx.$executeRaw`
    INSERT INTO "GroupUser" ("groupId", "userTag")
    SELECT DISTINCT "groupId", "userTag" FROM "Event" WHERE "groupId" = ANY(${ids}) AND "userTag" IS NOT NULL`;
  await tx.$executeRaw`
    UPDATE "Group" AS g SET "userCount" = coalesce(u.n, 0)
    FROM (SELECT id FROM "Group" WHERE id = ANY(${ids})) AS target
    LEFT JOIN (SELECT "groupId", count(*)::int AS n FROM "GroupUser" WHERE "groupId" = ANY(${ids}) GROUP BY "groupId") AS u ON u."groupId" = target.id
    WHERE g.id = target.id`;
  await tx.$executeRaw`
    INSERT INTO "GroupEventBucket" ("groupId", "hour", "count")
    SELECT "groupId", date_trunc('hour', "timestamp"), count(*)::int FROM "Event" WHERE "groupId" = ANY(${ids}) GROUP BY 1, 2`;
}
