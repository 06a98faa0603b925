import type { PullRequestChange, PullRequestRecord } from '../domain/review.js';
import type { PostIntent } from '../domain/posts.js';
import type { PrismaClient } from './generated/client.js';
import { isUniqueViolation } from './errors.js';
import { writeIntents } from './postedMessages.js';

/** Pull requests watched for a cross-stream review. */
export class PullRequestRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores what a delivery says about a pull request, under a row lock: `next` decides the row
   * from the stored one (null when first seen), so two deliveries at once cannot lose a change.
   */
  async upsert(sourceId: string, at: Date, next: (stored: PullRequestRecord | null) => PullRequestChange): Promise<PullRequestRecord> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.prisma.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT id FROM "PullRequest" WHERE "sourceId" = ${sourceId} FOR UPDATE`;
          const stored = await tx.pullRequest.findUnique({ where: { sourceId } });
          const data = next(stored);
          return stored === null
            ? await tx.pullRequest.create({ data: { ...data, openedAt: at } })
            : await tx.pullRequest.update({ where: { id: stored.id }, data });
        });
      } catch (err) {
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  bySourceId(sourceId: string): Promise<PullRequestRecord | null> {
    return this.prisma.pullRequest.findUnique({ where: { sourceId } });
  }

  /** Pull requests whose nudge is due, oldest first. */
  due(now: Date): Promise<PullRequestRecord[]> {
    return this.prisma.pullRequest.findMany({
      where: { nudgeDueAt: { lte: now }, nudgedAt: null, approvedAt: null, closedAt: null },
      orderBy: { nudgeDueAt: 'asc' },
      take: 100,
    });
  }

  /** Claims the nudge for exactly one sweeper, with its post's intent; false when taken or moot. */
  async claimNudge(id: number, at: Date, intents: readonly PostIntent[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.pullRequest.updateMany({
        where: { id, nudgedAt: null, approvedAt: null, closedAt: null },
        data: { nudgedAt: at, nudgeDueAt: null },
      });
      if (count === 0) return false;
      await writeIntents(tx, intents, at);
      return true;
    });
  }
}
