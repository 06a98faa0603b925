import { Prisma, type PrismaClient } from './generated/client.js';

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

  /**
   * A handful of set-based statements, whatever the size of the organisation: a thousand people
   * synced one by one (two queries each) inside one transaction ran past Prisma's 5-second
   * transaction limit on a busy machine, and the app did not boot.
   */
  async sync(roster: Roster): Promise<void> {
    // Each key once (the last entry wins), each Slack id with one person (the last one named).
    const people = [...new Map(roster.people.map((p) => [p.key, p])).values()];
    const owner = new Map(people.filter((p) => p.slackUserId !== null).map((p) => [p.slackUserId as string, p.key]));
    const rows = people.map((p) => ({
      ...p,
      slackUserId: p.slackUserId !== null && owner.get(p.slackUserId) === p.key ? p.slackUserId : null,
    }));
    const streams = [...new Map(roster.streams.map((s) => [s.key, s])).values()];
    await this.prisma.$transaction(async (tx) => {
      if (owner.size > 0) {
        // Another key may hold a Slack id from an earlier config: the newest config owns it.
        const owned = Prisma.join([...owner].map(([sid, key]) => Prisma.sql`(${sid}::text, ${key}::text)`));
        await tx.$executeRaw`
          UPDATE "Member" AS m SET "slackUserId" = NULL, "updatedAt" = CURRENT_TIMESTAMP
          FROM (VALUES ${owned}) AS v(sid, key)
          WHERE m."slackUserId" = v.sid AND m."key" <> v.key`;
      }
      const memberIds = new Map<string, number>();
      if (rows.length > 0) {
        const values = Prisma.join(rows.map((p) => Prisma.sql`(${p.key}, ${p.name}, ${p.slackUserId}, ${p.timezone}, CURRENT_TIMESTAMP)`));
        const ids = await tx.$queryRaw<{ id: number; key: string }[]>`
          INSERT INTO "Member" ("key", "name", "slackUserId", "timezone", "updatedAt") VALUES ${values}
          ON CONFLICT ("key") DO UPDATE SET "name" = EXCLUDED."name", "slackUserId" = EXCLUDED."slackUserId",
            "timezone" = EXCLUDED."timezone", "updatedAt" = EXCLUDED."updatedAt"
          RETURNING "id", "key"`;
        for (const r of ids) memberIds.set(r.key, r.id);
      }
      if (streams.length === 0) return;
      const values = Prisma.join(
        streams.map((s) => Prisma.sql`(${s.key}, ${s.name}, ${s.sprintLabel}, ${s.channelId}, ${s.leadKey}, CURRENT_TIMESTAMP)`),
      );
      const streamIds = await tx.$queryRaw<{ id: number; key: string }[]>`
        INSERT INTO "Stream" ("key", "name", "sprintLabel", "channelId", "leadKey", "updatedAt") VALUES ${values}
        ON CONFLICT ("key") DO UPDATE SET "name" = EXCLUDED."name", "sprintLabel" = EXCLUDED."sprintLabel",
          "channelId" = EXCLUDED."channelId", "leadKey" = EXCLUDED."leadKey", "updatedAt" = EXCLUDED."updatedAt"
        RETURNING "id", "key"`;
      const streamId = new Map(streamIds.map((r) => [r.key, r.id]));
      // Memberships are the config's exactly: those of the synced streams are replaced.
      await tx.streamMember.deleteMany({ where: { streamId: { in: [...streamId.values()] } } });
      await tx.streamMember.createMany({
        data: streams.flatMap((s) =>
          s.members.map((m) => ({ streamId: streamId.get(s.key) as number, memberId: memberIds.get(m.key) as number, role: m.role })),
        ),
        skipDuplicates: true,
      });
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
