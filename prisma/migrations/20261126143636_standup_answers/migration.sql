-- AlterTable
ALTER TABLE "StandupRun" DROP COLUMN "summaryTs",
ALTER COLUMN "createdAt" DROP DEFAULT;

-- AlterTable
ALTER TABLE "StandupAnswer" DROP COLUMN "blockers",
DROP COLUMN "handoffs",
DROP COLUMN "messageTs",
DROP COLUMN "today",
DROP COLUMN "yesterday",
ADD COLUMN     "content" JSONB NOT NULL,
ADD COLUMN     "parts" JSONB NOT NULL DEFAULT '[]',
ALTER COLUMN "createdAt" DROP DEFAULT;

-- AlterTable
CREATE SEQUENCE blocker_number_seq;
ALTER TABLE "Blocker" ALTER COLUMN "number" SET DEFAULT nextval('blocker_number_seq');
ALTER SEQUENCE blocker_number_seq OWNED BY "Blocker"."number";

-- CreateIndex
CREATE INDEX "StandupRun_channelId_promptTs_idx" ON "StandupRun"("channelId", "promptTs");

