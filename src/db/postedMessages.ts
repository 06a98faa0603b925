import type { PrismaClient } from './generated/client.js';

export interface PostedMessageRecord {
  purpose: string;
  channelId: string;
  ts: string;
  postedAt: Date;
  updatedAt: Date | null;
}

/**
 * Every message Paceline posts is recorded under its purpose (e.g. "tiger-crew:2025-10-06"),
 * so a retried or repeated job updates the message in place instead of posting it again.
 */
export class PostedMessageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  get(purpose: string): Promise<PostedMessageRecord | null> {
    return this.prisma.postedMessage.findUnique({ where: { purpose } });
  }

  /** False when another replica recorded the same purpose first. */
  async record(purpose: string, channelId: string, ts: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.postedMessage.createMany({
      data: [{ purpose, channelId, ts, postedAt: at }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async touch(purpose: string, at: Date): Promise<void> {
    await this.prisma.postedMessage.update({ where: { purpose }, data: { updatedAt: at } });
  }
}
