-- CreateTable
CREATE TABLE "SandboxJiraSite" (
    "id" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "secrets" TEXT NOT NULL,
    "nextIssueNumber" INTEGER NOT NULL DEFAULT 1,
    "seededAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxJiraSite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxJiraIssue" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT,
    "statusId" TEXT NOT NULL,
    "assigneeAccountId" TEXT,
    "fields" JSONB NOT NULL DEFAULT '{}',
    "comments" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxJiraIssue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxJiraSite_clientKey_key" ON "SandboxJiraSite"("clientKey");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxJiraSite_keyId_key" ON "SandboxJiraSite"("keyId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxJiraIssue_key_key" ON "SandboxJiraIssue"("key");

-- CreateIndex
CREATE INDEX "SandboxJiraIssue_updatedAt_idx" ON "SandboxJiraIssue"("updatedAt");
