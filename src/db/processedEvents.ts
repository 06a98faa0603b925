import type { PrismaClient } from './generated/client.js';

/** Deduplicates deliveries: Slack retries an event, a webhook is redelivered — it counts once. */
export class ProcessedEventRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** True the first time an id is seen, false for every repeat, across replicas. */
  async firstDelivery(id: string, source: 'slack' | 'github' | 'linear', at: Date): Promise<boolean> {
    const { count } = await this.prisma.processedEvent.createMany({
      data: [{ id, source, receivedAt: at }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /** Forgets one delivery whose processing failed, so the sender's retry is processed. */
  async forget(id: string): Promise<void> {
    await this.prisma.processedEvent.deleteMany({ where: { id } });
  }

  /**
   * Forgets deliveries older than `before`. Slack retries an event for minutes and webhooks for
   * hours at most, so a day is plenty; without this the table grows with every message.
   */
  async prune(before: Date): Promise<number> {
    const { count } = await this.prisma.processedEvent.deleteMany({ where: { receivedAt: { lt: before } } });
    return count;
  }
}
