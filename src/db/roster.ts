import type { PrismaClient } from './generated/client.js';

export interface RosterStream {
  key: string;
  name: string;
  sprintLabel: string;
  channelId: string | null;
  leadKey: string;
  members: { key: string; role: 'member' | 'lead' | 'qa' | 'devrel' }[];
}

export interface RosterPerson {
  key: string;
  name: string;
  slackUserId: string | null;
  timezone: string | null;
}

export interface Roster {
  people: RosterPerson[];
  streams: RosterStream[];
}

/**
 * The config's streams and people, mirrored into the database so that stored answers, blockers
 * and rotations can refer to them. Config wins: a sync makes the tables match it exactly, but
 * people who left a stream keep their history (only their membership row goes).
 */
export class RosterRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async sync(roster: Roster): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const memberIds = new Map<string, number>();
      for (const p of roster.people) {
        // Another key may hold this Slack id from an earlier config: the newest config owns it.
        if (p.slackUserId !== null) {
          await tx.member.updateMany({ where: { slackUserId: p.slackUserId, NOT: { key: p.key } }, data: { slackUserId: null } });
        }
        const row = await tx.member.upsert({
          where: { key: p.key },
          create: { key: p.key, name: p.name, slackUserId: p.slackUserId, timezone: p.timezone },
          update: { name: p.name, slackUserId: p.slackUserId, timezone: p.timezone },
        });
        memberIds.set(p.key, row.id);
      }
      for (const s of roster.streams) {
        const row = await tx.stream.upsert({
          where: { key: s.key },
          create: { key: s.key, name: s.name, sprintLabel: s.sprintLabel, channelId: s.channelId, leadKey: s.leadKey },
          update: { name: s.name, sprintLabel: s.sprintLabel, channelId: s.channelId, leadKey: s.leadKey },
        });
        await tx.streamMember.deleteMany({ where: { streamId: row.id } });
        await tx.streamMember.createMany({
          data: s.members.map((m) => ({ streamId: row.id, memberId: memberIds.get(m.key) as number, role: m.role })),
        });
      }
    });
  }

  async load(): Promise<Roster> {
    const [people, streams] = await Promise.all([
      this.prisma.member.findMany({ orderBy: { key: 'asc' } }),
      this.prisma.stream.findMany({ orderBy: { key: 'asc' }, include: { members: { include: { member: true } } } }),
    ]);
    return {
      people: people.map((p) => ({ key: p.key, name: p.name, slackUserId: p.slackUserId, timezone: p.timezone })),
      streams: streams.map((s) => ({
        key: s.key,
        name: s.name,
        sprintLabel: s.sprintLabel,
        channelId: s.channelId,
        leadKey: s.leadKey,
        members: s.members
          .map((m) => ({ key: m.member.key, role: m.role as RosterStream['members'][number]['role'] }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      })),
    };
  }
}
