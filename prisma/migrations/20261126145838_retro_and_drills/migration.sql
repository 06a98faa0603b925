-- DropIndex
DROP INDEX "ChaosDrill_sprintId_week_key";

-- AlterTable
ALTER TABLE "ChaosDrill" ADD COLUMN     "date" VARCHAR(10) NOT NULL,
ADD COLUMN     "reportedBy" TEXT;

-- CreateTable
CREATE TABLE "Retro" (
    "id" SERIAL NOT NULL,
    "sprintNumber" INTEGER NOT NULL,
    "date" VARCHAR(10) NOT NULL,
    "channelId" TEXT NOT NULL,
    "threadTs" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Retro_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetroAnswer" (
    "id" SERIAL NOT NULL,
    "retroId" INTEGER NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "parts" JSONB NOT NULL DEFAULT '[]',
    "content" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RetroAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetroAction" (
    "id" SERIAL NOT NULL,
    "retroId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "ownerSlackId" TEXT,
    "doneAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RetroAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Retro_sprintNumber_key" ON "Retro"("sprintNumber");

-- CreateIndex
CREATE UNIQUE INDEX "RetroAnswer_retroId_slackUserId_key" ON "RetroAnswer"("retroId", "slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "RetroAction_retroId_text_key" ON "RetroAction"("retroId", "text");

-- CreateIndex
CREATE UNIQUE INDEX "ChaosDrill_week_key" ON "ChaosDrill"("week");

-- AddForeignKey
ALTER TABLE "RetroAnswer" ADD CONSTRAINT "RetroAnswer_retroId_fkey" FOREIGN KEY ("retroId") REFERENCES "Retro"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetroAction" ADD CONSTRAINT "RetroAction_retroId_fkey" FOREIGN KEY ("retroId") REFERENCES "Retro"("id") ON DELETE CASCADE ON UPDATE CASCADE;

