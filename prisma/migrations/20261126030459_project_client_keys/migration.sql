-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "ingestId" SERIAL NOT NULL;

-- CreateTable
CREATE TABLE "ProjectKey" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "rateLimitPerMinute" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ProjectKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProjectKey_publicKey_key" ON "ProjectKey"("publicKey");

-- CreateIndex
CREATE INDEX "ProjectKey_projectId_idx" ON "ProjectKey"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "Project_ingestId_key" ON "Project"("ingestId");

-- AddForeignKey
ALTER TABLE "ProjectKey" ADD CONSTRAINT "ProjectKey_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-appended (db:diff cannot express data): every existing project gets one active key, so
-- it has a DSN right after the upgrade. gen_random_uuid() is core since PostgreSQL 13 and in PGlite.
INSERT INTO "ProjectKey" ("id", "projectId", "publicKey", "label")
SELECT 'pk' || replace(gen_random_uuid()::text, '-', ''), "id", replace(gen_random_uuid()::text, '-', ''), 'Default'
FROM "Project";
