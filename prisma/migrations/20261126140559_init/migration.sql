-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Sprint" (
    "id" SERIAL NOT NULL,
    "number" INTEGER NOT NULL,
    "startDate" VARCHAR(10) NOT NULL,
    "endDate" VARCHAR(10) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sprint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stream" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sprintLabel" TEXT NOT NULL,
    "channelId" TEXT,
    "leadKey" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Stream_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slackUserId" TEXT,
    "timezone" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StreamMember" (
    "streamId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',

    CONSTRAINT "StreamMember_pkey" PRIMARY KEY ("streamId","memberId")
);

-- CreateTable
CREATE TABLE "OooRange" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "fromDate" VARCHAR(10) NOT NULL,
    "toDate" VARCHAR(10) NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'config',

    CONSTRAINT "OooRange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandupRun" (
    "id" SERIAL NOT NULL,
    "sprintId" INTEGER NOT NULL,
    "streamId" INTEGER NOT NULL,
    "date" VARCHAR(10) NOT NULL,
    "channelId" TEXT NOT NULL,
    "promptTs" TEXT,
    "summaryTs" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandupRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandupAnswer" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "yesterday" TEXT NOT NULL DEFAULT '',
    "today" TEXT NOT NULL DEFAULT '',
    "blockers" TEXT NOT NULL DEFAULT '',
    "handoffs" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL,
    "messageTs" TEXT,
    "edits" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StandupAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Blocker" (
    "id" SERIAL NOT NULL,
    "number" INTEGER NOT NULL,
    "sprintId" INTEGER,
    "streamId" INTEGER NOT NULL,
    "needsStreamId" INTEGER,
    "text" TEXT NOT NULL,
    "crossStream" BOOLEAN NOT NULL DEFAULT false,
    "reporterSlackId" TEXT NOT NULL,
    "ownerSlackId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "escalationLevel" INTEGER NOT NULL DEFAULT -1,
    "nextEscalationAt" TIMESTAMPTZ(3),
    "channelId" TEXT,
    "messageTs" TEXT,
    "sourceAnswerId" INTEGER,
    "trackerId" TEXT,
    "resolution" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ackedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Blocker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlockerEvent" (
    "id" SERIAL NOT NULL,
    "blockerId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "level" INTEGER,
    "actorSlackId" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BlockerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RotationAssignment" (
    "id" SERIAL NOT NULL,
    "date" VARCHAR(10) NOT NULL,
    "memberId" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RotationAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChaosDrill" (
    "id" SERIAL NOT NULL,
    "sprintId" INTEGER NOT NULL,
    "week" INTEGER NOT NULL,
    "streamId" INTEGER NOT NULL,
    "ownerKey" TEXT NOT NULL,
    "outcome" TEXT,
    "findings" TEXT,
    "followUps" TEXT,
    "reportedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ChaosDrill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkItem" (
    "id" SERIAL NOT NULL,
    "trackerId" TEXT NOT NULL,
    "sprintId" INTEGER,
    "streamId" INTEGER,
    "title" TEXT NOT NULL,
    "points" DOUBLE PRECISION,
    "state" TEXT NOT NULL,
    "assignee" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangelogEntry" (
    "id" SERIAL NOT NULL,
    "sourceId" TEXT NOT NULL,
    "workItemId" INTEGER,
    "streamKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "mergedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChangelogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "note" TEXT,
    "claimedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostedMessage" (
    "id" SERIAL NOT NULL,
    "purpose" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "postedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PostedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sprint_number_key" ON "Sprint"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Stream_key_key" ON "Stream"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Member_key_key" ON "Member"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Member_slackUserId_key" ON "Member"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "OooRange_memberId_fromDate_toDate_key" ON "OooRange"("memberId", "fromDate", "toDate");

-- CreateIndex
CREATE UNIQUE INDEX "StandupRun_streamId_date_key" ON "StandupRun"("streamId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "StandupAnswer_runId_memberId_key" ON "StandupAnswer"("runId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Blocker_number_key" ON "Blocker"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Blocker_trackerId_key" ON "Blocker"("trackerId");

-- CreateIndex
CREATE INDEX "Blocker_state_nextEscalationAt_idx" ON "Blocker"("state", "nextEscalationAt");

-- CreateIndex
CREATE INDEX "BlockerEvent_blockerId_at_idx" ON "BlockerEvent"("blockerId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "BlockerEvent_blockerId_kind_level_key" ON "BlockerEvent"("blockerId", "kind", "level");

-- CreateIndex
CREATE UNIQUE INDEX "RotationAssignment_date_memberId_key" ON "RotationAssignment"("date", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "ChaosDrill_sprintId_week_key" ON "ChaosDrill"("sprintId", "week");

-- CreateIndex
CREATE UNIQUE INDEX "WorkItem_trackerId_key" ON "WorkItem"("trackerId");

-- CreateIndex
CREATE UNIQUE INDEX "ChangelogEntry_sourceId_key" ON "ChangelogEntry"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_slot_key" ON "JobRun"("job", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "PostedMessage_purpose_key" ON "PostedMessage"("purpose");

-- AddForeignKey
ALTER TABLE "StreamMember" ADD CONSTRAINT "StreamMember_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "Stream"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StreamMember" ADD CONSTRAINT "StreamMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OooRange" ADD CONSTRAINT "OooRange_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupRun" ADD CONSTRAINT "StandupRun_sprintId_fkey" FOREIGN KEY ("sprintId") REFERENCES "Sprint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupRun" ADD CONSTRAINT "StandupRun_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "Stream"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupAnswer" ADD CONSTRAINT "StandupAnswer_runId_fkey" FOREIGN KEY ("runId") REFERENCES "StandupRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandupAnswer" ADD CONSTRAINT "StandupAnswer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Blocker" ADD CONSTRAINT "Blocker_sprintId_fkey" FOREIGN KEY ("sprintId") REFERENCES "Sprint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Blocker" ADD CONSTRAINT "Blocker_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "Stream"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Blocker" ADD CONSTRAINT "Blocker_needsStreamId_fkey" FOREIGN KEY ("needsStreamId") REFERENCES "Stream"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Blocker" ADD CONSTRAINT "Blocker_sourceAnswerId_fkey" FOREIGN KEY ("sourceAnswerId") REFERENCES "StandupAnswer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlockerEvent" ADD CONSTRAINT "BlockerEvent_blockerId_fkey" FOREIGN KEY ("blockerId") REFERENCES "Blocker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RotationAssignment" ADD CONSTRAINT "RotationAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChaosDrill" ADD CONSTRAINT "ChaosDrill_sprintId_fkey" FOREIGN KEY ("sprintId") REFERENCES "Sprint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChaosDrill" ADD CONSTRAINT "ChaosDrill_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "Stream"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkItem" ADD CONSTRAINT "WorkItem_sprintId_fkey" FOREIGN KEY ("sprintId") REFERENCES "Sprint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkItem" ADD CONSTRAINT "WorkItem_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "Stream"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangelogEntry" ADD CONSTRAINT "ChangelogEntry_workItemId_fkey" FOREIGN KEY ("workItemId") REFERENCES "WorkItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

