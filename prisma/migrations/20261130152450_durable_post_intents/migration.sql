-- AlterTable
ALTER TABLE "Blocker" ADD COLUMN     "requestId" TEXT;

-- AlterTable
ALTER TABLE "PostedMessage" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "gaveUpAt" TIMESTAMPTZ(3),
ADD COLUMN     "intentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3),
ADD COLUMN     "payload" JSONB,
ADD COLUMN     "threadTs" TEXT,
ALTER COLUMN "ts" DROP NOT NULL,
ALTER COLUMN "postedAt" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Blocker_requestId_key" ON "Blocker"("requestId");

-- CreateIndex
CREATE INDEX "PostedMessage_ts_leaseUntil_idx" ON "PostedMessage"("ts", "leaseUntil");


-- Rows written before intents existed were posted: their intent time is when they were posted.
UPDATE "PostedMessage" SET "intentAt" = "postedAt" WHERE "postedAt" IS NOT NULL;
