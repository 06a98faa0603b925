-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "JobRun_state_nextAttemptAt_idx" ON "JobRun"("state", "nextAttemptAt");

