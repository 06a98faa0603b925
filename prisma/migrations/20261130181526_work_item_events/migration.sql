-- AlterTable
ALTER TABLE "WorkItem" ADD COLUMN     "identifier" TEXT NOT NULL,
ADD COLUMN     "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "removedAt" TIMESTAMPTZ(3),
ADD COLUMN     "startedAt" TIMESTAMPTZ(3),
ADD COLUMN     "url" TEXT;

-- CreateTable
CREATE TABLE "WorkItemEvent" (
    "id" SERIAL NOT NULL,
    "workItemId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fromValue" TEXT,
    "toValue" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "WorkItemEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkItemEvent_workItemId_at_idx" ON "WorkItemEvent"("workItemId", "at");

-- CreateIndex
CREATE INDEX "WorkItemEvent_at_idx" ON "WorkItemEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "WorkItem_identifier_key" ON "WorkItem"("identifier");

-- AddForeignKey
ALTER TABLE "WorkItemEvent" ADD CONSTRAINT "WorkItemEvent_workItemId_fkey" FOREIGN KEY ("workItemId") REFERENCES "WorkItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

