-- Trigram indexes for the groups search (hand-added: db:diff cannot express extensions).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "Group_projectId_status_lastSeen_idx";

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "userCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "GroupUser" (
    "groupId" TEXT NOT NULL,
    "userTag" TEXT NOT NULL,

    CONSTRAINT "GroupUser_pkey" PRIMARY KEY ("groupId","userTag")
);

-- CreateTable
CREATE TABLE "GroupEventBucket" (
    "groupId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "GroupEventBucket_pkey" PRIMARY KEY ("groupId","hour")
);

-- CreateIndex
CREATE INDEX "Group_projectId_status_lastSeen_id_level_idx" ON "Group"("projectId", "status", "lastSeen" DESC, "id" DESC, "level");

-- CreateIndex
CREATE INDEX "Group_projectId_status_firstSeen_id_level_idx" ON "Group"("projectId", "status", "firstSeen" DESC, "id" DESC, "level");

-- CreateIndex
CREATE INDEX "Group_projectId_status_timesSeen_id_level_idx" ON "Group"("projectId", "status", "timesSeen" DESC, "id" DESC, "level");

-- CreateIndex
CREATE INDEX "Group_projectId_status_userCount_id_level_idx" ON "Group"("projectId", "status", "userCount" DESC, "id" DESC, "level");

-- CreateIndex
CREATE INDEX "Group_title_idx" ON "Group" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Group_culprit_idx" ON "Group" USING GIN ("culprit" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "GroupUser" ADD CONSTRAINT "GroupUser_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupEventBucket" ADD CONSTRAINT "GroupEventBucket_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill the new aggregates from the events already stored (hand-added).
INSERT INTO "GroupUser" ("groupId", "userTag") SELECT DISTINCT "groupId", "userTag" FROM "Event" WHERE "userTag" IS NOT NULL;
UPDATE "Group" AS g SET "userCount" = u.n FROM (SELECT "groupId", count(*)::int AS n FROM "GroupUser" GROUP BY "groupId") AS u WHERE g."id" = u."groupId";
INSERT INTO "GroupEventBucket" ("groupId", "hour", "count") SELECT "groupId", date_trunc('hour', "timestamp"), count(*)::int FROM "Event" GROUP BY 1, 2;
