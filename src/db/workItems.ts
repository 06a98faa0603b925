import type { WorkItemChange, WorkItemSnapshot, StateType } from '../domain/workItems.js';
import { ensureSprint } from './ceremonies.js';
import { isUniqueViolation } from './errors.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import type { SprintRef } from '../domain/calendar.js';
import type { WorkItemEventRecord, WorkItemSource } from '../domain/workItems.js';

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
