-- CreateEnum
CREATE TYPE "ExternalIssueCreationStatus" AS ENUM ('pending', 'created', 'failed');

-- CreateTable
CREATE TABLE "ExternalIssueCreation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" "ExternalIssueCreationStatus" NOT NULL DEFAULT 'pending',
    "externalKey" TEXT,
    "request" JSONB NOT NULL,
    "response" JSONB,
    "error" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExternalIssueCreation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExternalIssueCreation_groupId_idx" ON "ExternalIssueCreation"("groupId");

-- CreateIndex
CREATE INDEX "ExternalIssueCreation_integrationId_idx" ON "ExternalIssueCreation"("integrationId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalIssueCreation_organizationId_idempotencyKey_key" ON "ExternalIssueCreation"("organizationId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "ExternalIssueCreation" ADD CONSTRAINT "ExternalIssueCreation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalIssueCreation" ADD CONSTRAINT "ExternalIssueCreation_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalIssueCreation" ADD CONSTRAINT "ExternalIssueCreation_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
