-- CreateIndex
CREATE INDEX "Blocker_messageTs_idx" ON "Blocker"("messageTs");

