import type { PrismaClient } from './generated/client.js';
import type { RotationSource, StoredCrewDay } from '../domain/rotation.js';

/** The Tiger Crew days that were decided (announced, swapped, covered): never recomputed. */
export class RotationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** One stored day, or null when it has not been decided yet. */
  async day(date: string): Promise<StoredCrewDay | null> {
    const rows = await this.prisma.rotationAssignment.findMany({
      where: { date },
      include: { member: { select: { key: true } } },
      orderBy: { id: 'asc' },
    });
    return rows.length === 0
      ? null
      : { date, members: rows.map((r) => ({ key: r.member.key, source: r.source as RotationSource, note: r.note })) };
  }

  /** Every stored day up to and including `until`, oldest first. */
  async daysUntil(until: string): Promise<StoredCrewDay[]> {
    const rows = await this.prisma.rotationAssignment.findMany({
      where: { date: { lte: until } },
      include: { member: { select: { key: true } } },
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
    });
    const days = new Map<string, StoredCrewDay>();
    for (const r of rows) {
      const day = days.get(r.date) ?? { date: r.date, members: [] };
      day.members.push({ key: r.member.key, source: r.source as RotationSource, note: r.note });
      days.set(r.date, day);
    }
    return [...days.values()];
  }

  /**
   * Stores a computed day unless one is already stored (another replica or an earlier run
   * decided it first); returns the day as stored.
   */
  async storeIfAbsent(date: string, crew: readonly string[], at: Date): Promise<StoredCrewDay> {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.rotationAssignment.count({ where: { date } });
      if (existing === 0 && crew.length > 0) {
        const members = await tx.member.findMany({ where: { key: { in: [...crew] } }, select: { id: true, key: true } });
        const ids = new Map(members.map((m) => [m.key, m.id]));
        await tx.rotationAssignment.createMany({
          data: crew.filter((k) => ids.has(k)).map((k) => ({ date, memberId: ids.get(k) as number, source: 'rotation', createdAt: at })),
          skipDuplicates: true,
        });
      }
      const rows = await tx.rotationAssignment.findMany({
        where: { date },
        include: { member: { select: { key: true } } },
        orderBy: { id: 'asc' },
      });
      return { date, members: rows.map((r) => ({ key: r.member.key, source: r.source as RotationSource, note: r.note })) };
    });
  }

  /** Takes `remove` (if given) off the day and puts `add` on it, as a swap or a cover. */
  async change(o: { date: string; remove: string | null; add: string; source: RotationSource; note: string; at: Date }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const add = await tx.member.findUniqueOrThrow({ where: { key: o.add } });
      if (o.remove !== null) {
        const remove = await tx.member.findUniqueOrThrow({ where: { key: o.remove } });
        await tx.rotationAssignment.deleteMany({ where: { date: o.date, memberId: remove.id } });
      }
      await tx.rotationAssignment.create({ data: { date: o.date, memberId: add.id, source: o.source, note: o.note, createdAt: o.at } });
    });
  }
}
