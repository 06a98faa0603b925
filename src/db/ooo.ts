import type { PrismaClient } from './generated/client.js';
import type { OooRecord } from '../domain/rotation.js';

/** Absences told to Paceline with /tiger ooo (the config's own `ooo` lists stay in the config). */
export class OooRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async add(memberKey: string, from: string, to: string): Promise<void> {
    const member = await this.prisma.member.findUniqueOrThrow({ where: { key: memberKey } });
    await this.prisma.oooRange.createMany({
      data: [{ memberId: member.id, fromDate: from, toDate: to, source: 'command' }],
      skipDuplicates: true,
    });
  }

  async all(): Promise<OooRecord[]> {
    const rows = await this.prisma.oooRange.findMany({ include: { member: { select: { key: true } } }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({ memberKey: r.member.key, from: r.fromDate, to: r.toDate, source: r.source }));
  }
}
