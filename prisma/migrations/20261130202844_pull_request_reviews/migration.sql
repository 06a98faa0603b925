-- CreateTable
CREATE TABLE "PullRequest" (
    "id" SERIAL NOT NULL,
    "sourceId" TEXT NOT NULL,
    "streamKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "authorLogin" TEXT,
    "items" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "crossStream" BOOLEAN NOT NULL DEFAULT false,
    "otherStreams" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "approvedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "nudgeDueAt" TIMESTAMPTZ(3),
    "nudgedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PullRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PullRequest_sourceId_key" ON "PullRequest"("sourceId");

-- CreateIndex
CREATE INDEX "PullRequest_nudgeDueAt_idx" ON "PullRequest"("nudgeDueAt");

