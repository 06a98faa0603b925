import type { PrismaClient } from './generated/client.js';

export interface BlockerCounts {
  new: number;
  open: number;
  escalated: number;
}

/** Blockers as the stand-up sees them; /blocker and escalation build on the same table. */
export class BlockerRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records the blockers named in a stand-up answer, once each: an edit that keeps a blocker
   * does not file it again (matched on its text, ignoring case and spacing).
   */
  async recordFromAnswer(o: {
    answerId: number;
    streamKey: string;
    texts: string[];
    reporterSlackId: string;
    at: Date;
  }): Promise<{ number: number; text: string }[]> {
    const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
    return this.prisma.$transaction(async (tx) => {
      const stream = await tx.stream.findUniqueOrThrow({ where: { key: o.streamKey } });
      const known = new Set(
        (await tx.blocker.findMany({ where: { sourceAnswerId: o.answerId }, select: { text: true } })).map((b) => norm(b.text)),
      );
      const created: { number: number; text: string }[] = [];
      for (const text of o.texts) {
        if (known.has(norm(text))) continue;
        known.add(norm(text));
        const b = await tx.blocker.create({
          data: { streamId: stream.id, text, reporterSlackId: o.reporterSlackId, sourceAnswerId: o.answerId, createdAt: o.at },
        });
        await tx.blockerEvent.create({
          data: { blockerId: b.id, kind: 'created', actorSlackId: o.reporterSlackId, detail: { source: 'standup' }, at: o.at },
        });
        created.push({ number: b.number, text });
      }
      return created;
    });
  }

  /** Per stream: blockers filed since `since`, still open, and open at escalation level 1 or more. */
  async countsByStream(since: Date): Promise<Map<string, BlockerCounts>> {
    const rows = await this.prisma.blocker.findMany({
      where: { OR: [{ state: { not: 'resolved' } }, { createdAt: { gte: since } }] },
      select: { state: true, createdAt: true, escalationLevel: true, stream: { select: { key: true } } },
    });
    const out = new Map<string, BlockerCounts>();
    for (const r of rows) {
      const c = out.get(r.stream.key) ?? { new: 0, open: 0, escalated: 0 };
      if (r.createdAt >= since) c.new += 1;
      if (r.state !== 'resolved') c.open += 1;
      if (r.state !== 'resolved' && r.escalationLevel >= 1) c.escalated += 1;
      out.set(r.stream.key, c);
    }
    return out;
  }
}
