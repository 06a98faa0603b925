-- AlterTable
ALTER TABLE "ChangelogEntry" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "SmokeRun" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "conclusion" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "completedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SmokeRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SmokeRun_runId_key" ON "SmokeRun"("runId");

-- CreateIndex
CREATE INDEX "SmokeRun_repository_completedAt_idx" ON "SmokeRun"("repository", "completedAt");

-- CreateIndex
CREATE INDEX "ChangelogEntry_recordedAt_idx" ON "ChangelogEntry"("recordedAt");

