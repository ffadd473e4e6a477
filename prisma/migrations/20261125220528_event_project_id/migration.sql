-- Event.projectId: the group's project copied onto each event, so a metric alert counts a
-- project's recent events from one index (projectId, receivedAt).

-- AlterTable: nullable first, filled from the groups, then required.
ALTER TABLE "Event" ADD COLUMN     "projectId" TEXT;

UPDATE "Event" AS e SET "projectId" = g."projectId" FROM "Group" AS g WHERE g."id" = e."groupId";

ALTER TABLE "Event" ALTER COLUMN "projectId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Event_projectId_receivedAt_idx" ON "Event"("projectId", "receivedAt");
