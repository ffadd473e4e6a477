-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "payload" JSONB,
ADD COLUMN     "platform" TEXT,
ADD COLUMN     "transaction" TEXT;
