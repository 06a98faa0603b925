import type { Prisma, PrismaClient } from './generated/client.js';
import { isUniqueViolation } from './errors.js';
import type { BlockerActivity, BlockerRecord, BlockerState } from '../domain/blocker.js';
import { writeIntents } from './postedMessages.js';
import type { BlockerCounts, NewBlocker } from '../domain/blocker.js';
import type { PostIntent } from '../domain/posts.js';

// The states of a blocker still in play, named rather than "not resolved": an IN on the leading
// column of the (state, nextEscalationAt) index is an index scan, a NOT is a scan of every
// blocker ever filed, every minute (bench/growth.ts).
const UNRESOLVED: BlockerState[] = ['open', 'acked'];

const include = {
  stream: { select: { key: true } },
  needsStream: { select: { key: true } },
  events: { where: { kind: 'swarmed' }, select: { actorSlackId: true }, orderBy: { id: 'asc' } },
} as const;
type Row = Prisma.BlockerGetPayload<{ include: typeof include }>;

function toRecord(r: Row): BlockerRecord {
  return {
    id: r.id,
    number: r.number,
    streamKey: r.stream.key,
    needsStreamKey: r.needsStream?.key ?? null,
    text: r.text,
    crossStream: r.crossStream,
    reporterSlackId: r.reporterSlackId,
    ownerSlackId: r.ownerSlackId,
    state: r.state as BlockerState,
    escalationLevel: r.escalationLevel,
    nextEscalationAt: r.nextEscalationAt,
    channelId: r.channelId,
    messageTs: r.messageTs,
    resolution: r.resolution,
    sourceAnswerId: r.sourceAnswerId,
    trackerId: r.trackerId,
    createdAt: r.createdAt,
    ackedAt: r.ackedAt,
    resolvedAt: r.resolvedAt,
    swarm: [...new Set(r.events.map((e) => e.actorSlackId).filter((a): a is string => a !== null))],
  };
}

/** Blockers and their append-only audit trail (BlockerEvent). */
export class BlockerRepository {
  constructor(private readonly prisma: PrismaClient) {}

  // Stream ids by key: streams are written once at boot (roster sync) and never renumbered.
  private streamIds: Map<string, number> | undefined;

  private async streamId(key: string): Promise<number> {
    this.streamIds ??= new Map((await this.prisma.stream.findMany({ select: { id: true, key: true } })).map((s) => [s.key, s.id]));
    const id = this.streamIds.get(key);
    if (id === undefined) throw new Error(`stream ${key} is not in the database`);
    return id;
  }

  /**
   * Stores blockers with their 'created' events and first escalation deadlines, all in one
   * transaction (a group commit: a burst of /blocker commands costs one transaction, not one
   * each, which matters on PGlite's single connection), so that an acknowledged command is never
   * half-filed. A blocker whose Slack request (requestId) was filed before is not filed again:
   * the stored one comes back with `created: false`.
   */
  async createMany(list: readonly NewBlocker[]): Promise<(BlockerRecord & { created: boolean })[]> {
    const data = await Promise.all(
      list.map(async (b) => ({
        streamId: await this.streamId(b.streamKey),
        needsStreamId: b.needsStreamKey === null ? null : await this.streamId(b.needsStreamKey),
        text: b.text,
        crossStream: b.crossStream,
        reporterSlackId: b.reporterSlackId,
        ownerSlackId: b.ownerSlackId,
        sourceAnswerId: b.sourceAnswerId,
        requestId: b.requestId ?? null,
        trackerId: b.trackerId ?? null,
        createdAt: b.at,
        nextEscalationAt: b.firstEscalationAt ?? null,
      })),
    );
    const inserted = await this.prisma.$transaction(async (tx) => {
      const rows = await tx.blocker.createManyAndReturn({
        data,
        skipDuplicates: true,
        select: { id: true, requestId: true, createdAt: true, text: true },
      });
      // Rows come back in no promised order: each is matched to its request by requestId, or
      // (blockers from answers, which have none) by position among those without one.
      const events = rows.map((r) => {
        const b = list.find(
          (x) =>
            (x.requestId ?? null) === r.requestId &&
            (r.requestId !== null || (x.text === r.text && x.at.getTime() === r.createdAt.getTime())),
        );
        return {
          blockerId: r.id,
          kind: 'created',
          actorSlackId: b?.reporterSlackId ?? null,
          detail: { source: b?.source ?? 'command' },
          at: r.createdAt,
        };
      });
      await tx.blockerEvent.createMany({ data: events });
      return rows;
    });
    const all = await this.prisma.blocker.findMany({
      where: {
        OR: [
          { id: { in: inserted.map((r) => r.id) } },
          { requestId: { in: list.map((b) => b.requestId).filter((r): r is string => !!r) } },
        ],
      },
      include,
    });
    const newIds = new Set(inserted.map((r) => r.id));
    return list.map((b) => {
      const row = b.requestId
        ? all.find((r) => r.requestId === b.requestId)
        : all.find((r) => newIds.has(r.id) && r.text === b.text && r.createdAt.getTime() === b.at.getTime());
      if (row === undefined) throw new Error('a filed blocker was not found after its transaction');
      return { ...toRecord(row), created: newIds.has(row.id) };
    });
  }

  async create(b: NewBlocker): Promise<BlockerRecord & { created: boolean }> {
    return (await this.createMany([b]))[0] as BlockerRecord & { created: boolean };
  }

  /** Blockers stored but not yet shown in their channel (the process died, or Slack was down). */
  async unposted(limit = 100): Promise<BlockerRecord[]> {
    return (await this.sweepRows({ messageTs: null }, { number: 'asc' }, limit)).map(toRecord);
  }

  async byNumber(number: number): Promise<BlockerRecord | null> {
    const row = await this.prisma.blocker.findUnique({ where: { number }, include });
    return row === null ? null : toRecord(row);
  }

  /** Texts of the blockers already filed from one stand-up answer (so an edit files none twice). */
  /** The blocker standing for a tracker issue, or null. */
  async byTrackerId(trackerId: string): Promise<BlockerRecord | null> {
    const row = await this.prisma.blocker.findUnique({ where: { trackerId }, include });
    return row === null ? null : toRecord(row);
  }

  async textsFromAnswer(answerId: number): Promise<string[]> {
    return (await this.prisma.blocker.findMany({ where: { sourceAnswerId: answerId }, select: { text: true } })).map((b) => b.text);
  }

  async setMessage(id: number, channelId: string, ts: string): Promise<void> {
    await this.prisma.blocker.update({ where: { id }, data: { channelId, messageTs: ts } });
  }

  async setNextEscalation(id: number, at: Date | null, level?: number): Promise<void> {
    await this.prisma.blocker.update({
      where: { id },
      data: { nextEscalationAt: at, ...(level === undefined ? {} : { escalationLevel: level }) },
    });
  }

  /**
   * Moves a blocker between states if it is in one of `from`; false when it was not (someone
   * else changed it first). The change and its audit event are one transaction.
   */
  async transition(o: {
    id: number;
    from: BlockerState[];
    to: BlockerState;
    kind: 'acked' | 'resolved' | 'reopened';
    /** Null when the tracker made the change (an issue completed, a label removed). */
    actorSlackId: string | null;
    at: Date;
    resolution?: string | null;
    nextEscalationAt: Date | null;
    /** The posts announcing the change, recorded with it. */
    intents?: PostIntent[];
  }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const data: Prisma.BlockerUpdateManyMutationInput = { state: o.to, nextEscalationAt: o.nextEscalationAt };
      if (o.kind === 'acked') data.ackedAt = o.at;
      if (o.kind === 'resolved') Object.assign(data, { resolvedAt: o.at, resolution: o.resolution ?? null });
      if (o.kind === 'reopened') Object.assign(data, { resolvedAt: null, ackedAt: null, resolution: null });
      const { count } = await tx.blocker.updateMany({ where: { id: o.id, state: { in: o.from } }, data });
      if (count === 0) return false;
      await tx.blockerEvent.create({
        data: { blockerId: o.id, kind: o.kind, actorSlackId: o.actorSlackId, detail: o.resolution ? { note: o.resolution } : {}, at: o.at },
      });
      await writeIntents(tx, o.intents ?? [], o.at);
      return true;
    });
  }

  /**
   * Adds a person to the swarm; false when they were in it already. The blocker row is locked
   * first, so two presses at once (a double click, a retried request) add one entry.
   */
  async swarm(id: number, actorSlackId: string, at: Date, intents: PostIntent[] = []): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Blocker" WHERE "id" = ${id} FOR UPDATE`;
      const already = await tx.blockerEvent.count({ where: { blockerId: id, kind: 'swarmed', actorSlackId } });
      if (already > 0) return false;
      await tx.blockerEvent.create({ data: { blockerId: id, kind: 'swarmed', actorSlackId, at } });
      await writeIntents(tx, intents, at);
      return true;
    });
  }

  /** Blockers whose next escalation is due, oldest deadline first. */
  /** The earliest escalation deadline of an unresolved blocker, or null. */
  async nextEscalation(): Promise<Date | null> {
    const row = await this.prisma.blocker.findFirst({
      where: { state: { in: UNRESOLVED }, nextEscalationAt: { not: null } },
      orderBy: { nextEscalationAt: 'asc' },
      select: { nextEscalationAt: true },
    });
    return row?.nextEscalationAt ?? null;
  }

  async due(now: Date): Promise<BlockerRecord[]> {
    return (await this.sweepRows({ state: { in: UNRESOLVED }, nextEscalationAt: { lte: now } }, { nextEscalationAt: 'asc' }, 200)).map(
      toRecord,
    );
  }

  /**
   * The rows an every-minute sweep works on, with their relations. Prisma reads each relation
   * with a query of its own even when no row matched (`WHERE id IN (NULL)`): three wasted round
   * trips per empty sweep, every minute. The sweeps almost always match nothing, so they ask
   * for the ids first and load relations only for rows that exist.
   */
  private async sweepRows(where: Prisma.BlockerWhereInput, orderBy: Prisma.BlockerOrderByWithRelationInput, take: number): Promise<Row[]> {
    const ids = (await this.prisma.blocker.findMany({ where, orderBy, take, select: { id: true } })).map((r) => r.id);
    if (ids.length === 0) return [];
    // The filter again: a row that stopped matching in between is left for the next sweep.
    return this.prisma.blocker.findMany({ where: { AND: [where, { id: { in: ids } }] }, include, orderBy });
  }

  /**
   * Claims one escalation: the update only matches while the blocker is still at the level and
   * deadline the caller saw, and the (blocker, escalated, level) event is unique, so across
   * replicas exactly one escalates. `nextAt` is the deadline of the level after it.
   */
  async claimEscalation(o: {
    id: number;
    fromLevel: number;
    dueAt: Date;
    level: number;
    nextAt: Date | null;
    at: Date;
    late: boolean;
    /** The level's posts, recorded with the claim: a process killed after the claim loses none. */
    intents?: PostIntent[];
  }): Promise<boolean> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.blocker.updateMany({
          where: { id: o.id, escalationLevel: o.fromLevel, nextEscalationAt: o.dueAt, state: { not: 'resolved' } },
          data: { escalationLevel: o.level, nextEscalationAt: o.nextAt },
        });
        if (count === 0) return false;
        await tx.blockerEvent.create({
          data: { blockerId: o.id, kind: 'escalated', level: o.level, detail: { dueAt: o.dueAt.toISOString(), late: o.late }, at: o.at },
        });
        await writeIntents(tx, o.intents ?? [], o.at);
        return true;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async list(filter: { streamKey?: string; involving?: string; includeResolved?: boolean }): Promise<BlockerRecord[]> {
    const rows = await this.prisma.blocker.findMany({
      where: {
        ...(filter.includeResolved ? {} : { state: { in: UNRESOLVED } }),
        ...(filter.streamKey === undefined
          ? {}
          : { OR: [{ stream: { key: filter.streamKey } }, { needsStream: { key: filter.streamKey } }] }),
        ...(filter.involving === undefined ? {} : { OR: [{ reporterSlackId: filter.involving }, { ownerSlackId: filter.involving }] }),
      },
      include,
      orderBy: { number: 'asc' },
      take: 100,
    });
    return rows.map(toRecord);
  }

  async events(id: number): Promise<{ kind: string; level: number | null; actorSlackId: string | null; at: Date }[]> {
    return this.prisma.blockerEvent.findMany({
      where: { blockerId: id },
      orderBy: { id: 'asc' },
      select: { kind: true, level: true, actorSlackId: true, at: true },
    });
  }

  /**
   * Every blocker that was open at some moment of [from, to) — filed before `to` and not resolved
   * before `from` — with the instants its escalation levels were posted (the digest's blocker
   * statistics and risks). One query; the order is by number.
   */
  async activity(from: Date, to: Date): Promise<BlockerActivity[]> {
    const rows = await this.prisma.blocker.findMany({
      where: { createdAt: { lt: to }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: from } }] },
      include: {
        ...include,
        events: {
          where: { kind: { in: ['swarmed', 'escalated'] } },
          select: { kind: true, level: true, actorSlackId: true, at: true },
          orderBy: { id: 'asc' },
        },
      },
      orderBy: { number: 'asc' },
    });
    return rows.map((r) => ({
      blocker: toRecord({ ...r, events: r.events.filter((e) => e.kind === 'swarmed') }),
      escalations: r.events.filter((e) => e.kind === 'escalated').map((e) => ({ level: e.level ?? 0, at: e.at })),
    }));
  }

  /** Every stream's unresolved blockers: how many, and when the oldest was filed (for /metrics). */
  async openByStream(): Promise<Map<string, { open: number; oldest: Date }>> {
    const rows = await this.prisma.$queryRaw<{ key: string; open: number; oldest: Date }[]>`
      SELECT s."key", count(*)::int AS "open", min(b."createdAt") AS "oldest"
      FROM "Blocker" b JOIN "Stream" s ON s."id" = b."streamId"
      WHERE b."state" IN ('open', 'acked')
      GROUP BY s."key"`;
    return new Map(rows.map((r) => [r.key, { open: r.open, oldest: new Date(r.oldest) }]));
  }

  /** Per stream: blockers filed since `since`, still open, and open at escalation level 1 or more. */
  async countsByStream(since: Date): Promise<Map<string, BlockerCounts>> {
    const rows = await this.prisma.blocker.findMany({
      where: { OR: [{ state: { in: UNRESOLVED } }, { createdAt: { gte: since } }] },
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
