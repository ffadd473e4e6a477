-- CreateTable
CREATE TABLE "ProjectKeyRateWindow" (
    "keyId" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ProjectKeyRateWindow_pkey" PRIMARY KEY ("keyId")
);

-- AddForeignKey
ALTER TABLE "ProjectKeyRateWindow" ADD CONSTRAINT "ProjectKeyRateWindow_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ProjectKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
