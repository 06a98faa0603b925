-- AlterTable
ALTER TABLE "WorkItem" ADD COLUMN     "mergedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ChangelogEntry" ADD COLUMN     "public" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "ChangelogEntry_public_mergedAt_idx" ON "ChangelogEntry"("public", "mergedAt");

