-- AlterTable
ALTER TABLE "SandboxJiraSite" ADD COLUMN     "seedingClaim" TEXT,
ADD COLUMN     "seedingClaimedAt" TIMESTAMP(3);
