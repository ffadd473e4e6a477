import { Prisma } from "@/lib/generated/prisma/client";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Rebuilds the users-affected count and the hourly event counts of the given groups (or of every
 * group) from their stored events. Ingestion keeps these up to date as events arrive; this is for
 * rows written in bulk around it (the demo seed, data generators, test fixtures).
 */
export async function rebuildGroupAggregates(tx: Tx, groups: readonly string[] | "all"): Promise<void> {
  if (groups !== "all" && groups.length === 0) return;
  const ids = groups === "all" ? null : [...groups];
  const onlyEvents = ids ? Prisma.sql`AND "groupId" = ANY(${ids})` : Prisma.empty;
  const onlyGroups = ids ? Prisma.sql`WHERE id = ANY(${ids})` : Prisma.empty;
  await tx.$executeRaw`DELETE FROM "GroupUser" WHERE true ${onlyEvents}`;
  await tx.$executeRaw`DELETE FROM "GroupEventBucket" WHERE true ${onlyEvents}`;
  await tx.$executeRaw`
    INSERT INTO "GroupUser" ("groupId", "userTag")
    SELECT DISTINCT "groupId", "userTag" FROM "Event" WHERE "userTag" IS NOT NULL ${onlyEvents}`;
  await tx.$executeRaw`
    UPDATE "Group" AS g SET "userCount" = coalesce(u.n, 0)
    FROM (SELECT id FROM "Group" ${onlyGroups}) AS target
    LEFT JOIN (SELECT "groupId", count(*)::int AS n FROM "GroupUser" WHERE true ${onlyEvents} GROUP BY "groupId") AS u ON u."groupId" = target.id
    WHERE g.id = target.id`;
  await tx.$executeRaw`
    INSERT INTO "GroupEventBucket" ("groupId", "hour", "count")
    SELECT "groupId", date_trunc('hour', "timestamp"), count(*)::int FROM "Event" WHERE true ${onlyEvents} GROUP BY 1, 2`;
}
