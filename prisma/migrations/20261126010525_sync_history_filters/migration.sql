-- DropIndex
DROP INDEX "SyncEvent_groupId_createdAt_idx";

-- DropIndex
DROP INDEX "SyncEvent_organizationId_createdAt_idx";

-- CreateIndex
CREATE INDEX "SyncEvent_organizationId_createdAt_id_idx" ON "SyncEvent"("organizationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncEvent_organizationId_outcome_createdAt_id_idx" ON "SyncEvent"("organizationId", "outcome", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncEvent_organizationId_kind_createdAt_id_idx" ON "SyncEvent"("organizationId", "kind", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncEvent_organizationId_provider_createdAt_id_idx" ON "SyncEvent"("organizationId", "provider", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "SyncEvent_groupId_createdAt_id_idx" ON "SyncEvent"("groupId", "createdAt" DESC, "id" DESC);
