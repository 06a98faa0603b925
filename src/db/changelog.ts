import type { ChangelogEntryRecord, NewChangelogEntry, SmokeRunRecord } from '../domain/changelog.js';
import type { PostIntent } from '../domain/posts.js';
import type { PrismaClient } from './generated/client.js';
import { writeIntents } from './postedMessages.js';

/** Changelog entries: one per merge, whatever is redelivered. */
export class ChangelogRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores an entry once (by its sourceId), in one transaction with its post's intent and the
   * merge time of the work items it names; a second delivery of the same merge stores nothing
   * and gets the stored entry back with `created: false`.
   */
  async record(
    entry: NewChangelogEntry,
    o: { identifiers: readonly string[]; intents: readonly PostIntent[]; at: Date },
  ): Promise<{ entry: ChangelogEntryRecord; created: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const items = await tx.workItem.findMany({
        where: { identifier: { in: [...o.identifiers] } },
        select: { id: true, identifier: true },
      });
      const first = o.identifiers.map((i) => items.find((w) => w.identifier === i)).find((w) => w !== undefined);
      const inserted = await tx.changelogEntry.createManyAndReturn({
        data: [{ ...entry, workItemId: first?.id ?? null }],
        skipDuplicates: true,
      });
      if (inserted.length > 0) {
        await tx.workItem.updateMany({ where: { id: { in: items.map((w) => w.id) }, mergedAt: null }, data: { mergedAt: entry.mergedAt } });
        await writeIntents(tx, [...o.intents], o.at);
      }
      const row = inserted[0] ?? (await tx.changelogEntry.findUniqueOrThrow({ where: { sourceId: entry.sourceId } }));
      return { entry: toRecord(row), created: inserted.length > 0 };
    });
  }

  /** Public entries, newest first. */
  async publicEntries(limit: number): Promise<ChangelogEntryRecord[]> {
    const rows = await this.prisma.changelogEntry.findMany({
      where: { public: true },
      orderBy: [{ mergedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }

  /** Every entry Paceline learned of in [from, to), newest first (the digest's "shipped last week"). */
  async recordedBetween(from: Date, to: Date): Promise<ChangelogEntryRecord[]> {
    const rows = await this.prisma.changelogEntry.findMany({
      where: { recordedAt: { gte: from, lt: to } },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
    });
    return rows.map(toRecord);
  }

  /** The latest completed smoke run of each repository, as of an instant. */
  async latestSmokeRuns(asOf: Date): Promise<SmokeRunRecord[]> {
    const rows = await this.prisma.smokeRun.findMany({
      where: { completedAt: { lte: asOf } },
      orderBy: [{ completedAt: 'desc' }, { id: 'desc' }],
      distinct: ['repository'],
    });
    return rows.map((r) => ({
      runId: r.runId,
      repository: r.repository,
      conclusion: r.conclusion,
      url: r.url,
      completedAt: r.completedAt,
    }));
  }

  /** Stores a completed smoke run once (a redelivery stores nothing). */
  async recordSmokeRun(run: SmokeRunRecord): Promise<void> {
    await this.prisma.smokeRun.createMany({ data: [run], skipDuplicates: true });
  }

  async all(): Promise<ChangelogEntryRecord[]> {
    return (await this.prisma.changelogEntry.findMany({ orderBy: { id: 'asc' } })).map(toRecord);
  }
}

/** A row as the domain knows it (the row's work item link stays here). */
function toRecord(r: ChangelogEntryRecord): ChangelogEntryRecord {
  return {
    id: r.id,
    sourceId: r.sourceId,
    streamKey: r.streamKey,
    title: r.title,
    url: r.url,
    mergedAt: r.mergedAt,
    recordedAt: r.recordedAt,
    public: r.public,
  };
}
