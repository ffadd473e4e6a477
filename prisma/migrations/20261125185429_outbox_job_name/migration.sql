-- AlterTable
ALTER TABLE "SyncEvent" ADD COLUMN     "job" TEXT;
