import type { WorkItemChange, WorkItemSnapshot, StateType } from '../domain/workItems.js';
import { ensureSprint } from './ceremonies.js';
import { isUniqueViolation } from './errors.js';
import { Prisma, type PrismaClient } from './generated/client.js';
import type { SprintRef } from '../domain/calendar.js';
import type { WorkHistory, WorkItemEventRecord, WorkItemSource } from '../domain/workItems.js';

type Row = Prisma.WorkItemGetPayload<{ include: { stream: { select: { key: true } }; sprint: { select: { number: true } } } }>;

function snapshotOf(row: Row): WorkItemSnapshot {
  return {
    trackerId: row.trackerId,
    identifier: row.identifier,
    title: row.title,
    url: row.url,
    streamKey: row.stream?.key ?? null,
    sprintNumber: row.sprint?.number ?? null,
    points: row.points,
    state: row.state as StateType,
    assignee: row.assignee,
    labels: row.labels,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    removed: row.removedAt !== null,
    mergedAt: row.mergedAt,
  };
}

const include = { stream: { select: { key: true } }, sprint: { select: { number: true } } } as const;

/** Work items and their append-only history of changes. */
export class WorkItemRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async byTrackerId(trackerId: string): Promise<WorkItemSnapshot | null> {
    const row = await this.prisma.workItem.findUnique({ where: { trackerId }, include });
    return row === null ? null : snapshotOf(row);
  }

  async byIdentifier(identifier: string): Promise<WorkItemSnapshot | null> {
    const row = await this.prisma.workItem.findUnique({ where: { identifier }, include });
    return row === null ? null : snapshotOf(row);
  }

  async prefixes(): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<
      { prefix: string }[]
    >`SELECT DISTINCT split_part("identifier", '-', 1) AS prefix FROM "WorkItem"`;
    return rows.map((r) => r.prefix);
  }

  /** The items of one sprint, removed ones included (the sprint's status reads only these). */
  async inSprint(sprintNumber: number): Promise<WorkItemSnapshot[]> {
    return (await this.prisma.workItem.findMany({ where: { sprint: { number: sprintNumber } }, include, orderBy: { id: 'asc' } })).map(
      snapshotOf,
    );
  }

  /** Every item Paceline knows, removed ones included. */
  async all(): Promise<WorkItemSnapshot[]> {
    return (await this.prisma.workItem.findMany({ include, orderBy: { id: 'asc' } })).map(snapshotOf);
  }

  /**
   * Stores the tracker's view of an item and appends the changes `diff` finds against what was
   * stored, in one transaction with the row locked: a webhook and a reconciliation (or two
   * replicas) learning the same change record it once.
   */
  async record(
    after: WorkItemSnapshot,
    o: { sprint: SprintRef | null; at: Date; source: WorkItemSource; diff: (before: WorkItemSnapshot | null) => WorkItemChange[] },
  ): Promise<WorkItemChange[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.prisma.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT id FROM "WorkItem" WHERE "trackerId" = ${after.trackerId} FOR UPDATE`;
          const stored = await tx.workItem.findUnique({ where: { trackerId: after.trackerId }, include });
          const changes = o.diff(stored === null ? null : snapshotOf(stored));
          if (stored !== null && changes.length === 0 && sameDetails(snapshotOf(stored), after)) return [];
          // A deleted item keeps the sprint it left, so its history reads in context.
          const sprintId = after.removed ? (stored?.sprintId ?? null) : o.sprint === null ? null : await ensureSprint(tx, o.sprint, o.at);
          const stream = after.streamKey === null ? null : await tx.stream.findUnique({ where: { key: after.streamKey } });
          const data = {
            identifier: after.identifier,
            title: after.title,
            url: after.url,
            points: after.points,
            state: after.state,
            assignee: after.assignee,
            labels: after.labels,
            startedAt: after.startedAt,
            completedAt: after.completedAt,
            removedAt: after.removed ? (stored?.removedAt ?? o.at) : null,
            sprintId,
            streamId: stream?.id ?? null,
          };
          const row =
            stored === null
              ? await tx.workItem.create({ data: { trackerId: after.trackerId, ...data } })
              : await tx.workItem.update({ where: { id: stored.id }, data });
          if (changes.length > 0) {
            await tx.workItemEvent.createMany({
              data: changes.map((c) => ({
                workItemId: row.id,
                kind: c.kind,
                fromValue: c.from,
                toValue: c.to,
                at: o.at,
                source: o.source,
              })),
            });
          }
          return changes;
        });
      } catch (err) {
        // Two first sightings at once: the loser retries and finds the row the winner stored.
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  /**
   * The digest's reading: every event of the items that changed at or after `since` or that are
   * in sprint `fromSprint` or later, oldest first, with those items; one pass over the index on
   * the event time instead of a year of history.
   */
  async history(since: Date, fromSprint: number): Promise<WorkHistory> {
    // One set of items for both reads, so the events and the items always agree.
    const chosen = Prisma.sql`SELECT w.id FROM "WorkItem" w LEFT JOIN "Sprint" s ON s.id = w."sprintId"
      WHERE w.id IN (SELECT "workItemId" FROM "WorkItemEvent" WHERE at >= ${since}) OR s.number >= ${fromSprint}`;
    const items = await this.prisma.$queryRaw<
      { id: number; identifier: string; assignee: string | null; points: number | null; sprintNumber: number | null }[]
    >`SELECT w.id, w.identifier, w.assignee, w.points, s.number AS "sprintNumber"
      FROM "WorkItem" w LEFT JOIN "Sprint" s ON s.id = w."sprintId" WHERE w.id IN (${chosen})`;
    const rows = await this.prisma.$queryRaw<
      { workItemId: number; kind: string; fromValue: string | null; toValue: string | null; at: Date | string; source: string }[]
    >`SELECT e."workItemId", e.kind, e."fromValue", e."toValue", e.at, e.source FROM "WorkItemEvent" e
      WHERE e."workItemId" IN (${chosen}) ORDER BY e.at, e.id`;
    const identifier = new Map(items.map((i) => [i.id, i.identifier]));
    const first = await this.prisma.workItemEvent.findFirst({ orderBy: { at: 'asc' }, select: { at: true } });
    return {
      events: rows.map((r) => ({
        identifier: identifier.get(r.workItemId) as string,
        kind: r.kind as WorkItemChange['kind'],
        from: r.fromValue,
        to: r.toValue,
        at: new Date(r.at),
        source: r.source as WorkItemSource,
      })),
      items: items.map((i) => ({ identifier: i.identifier, assignee: i.assignee, points: i.points, sprintNumber: i.sprintNumber })),
      firstEventAt: first?.at ?? null,
    };
  }

  /** The history of changes, oldest first (of one item when named). */
  async events(identifier?: string): Promise<WorkItemEventRecord[]> {
    const rows = await this.prisma.workItemEvent.findMany({
      where: identifier === undefined ? {} : { workItem: { identifier } },
      include: { workItem: { select: { identifier: true } } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      identifier: r.workItem.identifier,
      kind: r.kind as WorkItemChange['kind'],
      from: r.fromValue,
      to: r.toValue,
      at: r.at,
      source: r.source as WorkItemSource,
    }));
  }
}

/** Fields that are shown but are not history (title, link, assignee, labels, dates). */
function sameDetails(a: WorkItemSnapshot, b: WorkItemSnapshot): boolean {
  return (
    a.identifier === b.identifier &&
    a.title === b.title &&
    a.url === b.url &&
    a.assignee === b.assignee &&
    a.labels.join('\n') === b.labels.join('\n') &&
    (a.startedAt?.getTime() ?? null) === (b.startedAt?.getTime() ?? null) &&
    (a.completedAt?.getTime() ?? null) === (b.completedAt?.getTime() ?? null)
  );
}
