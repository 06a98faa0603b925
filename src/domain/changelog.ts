// The public changelog: what merged, in which stream, grouped for people to read. Pure.
import { localDate, sprintPositionOfDate, type SprintCalendarConfig, type SprintRef } from './calendar.js';

export interface ChangelogEntryRecord {
  id: number;
  /** The merge it records (a repository and pull request number), unique. */
  sourceId: string;
  streamKey: string;
  title: string;
  url: string | null;
  mergedAt: Date;
  /** When Paceline learned of the merge (its clock). */
  recordedAt: Date;
  public: boolean;
}

export type NewChangelogEntry = Omit<ChangelogEntryRecord, 'id'>;

/** A completed run of the staging smoke workflow. */
export interface SmokeRunRecord {
  /** GitHub's workflow run id. */
  runId: string;
  /** owner/name */
  repository: string;
  /** success, failure, cancelled, timed_out, … */
  conclusion: string;
  url: string;
  completedAt: Date;
}

const ITEM = /\b([A-Za-z][A-Za-z0-9]{0,9}-\d{1,9})\b/g;

/**
 * The work items a pull request names, in order of first mention: in its branch ("gov-12-policy"),
 * title or body ("Fixes GOV-12"). Only prefixes that are tracked count (a Linear team key or a
 * prefix of an item Paceline knows), so "utf-8" or "sha-256" in a body is not an item.
 */
export function namedItems(texts: readonly (string | null | undefined)[], prefixes: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const text of texts) {
    for (const m of (text ?? '').matchAll(ITEM)) {
      const id = (m[1] as string).toUpperCase();
      if (prefixes.has(id.slice(0, id.lastIndexOf('-'))) && !found.includes(id)) found.push(id);
    }
  }
  return found;
}

export interface ChangelogGroup {
  /** The sprint the entries merged in (by the sprint time zone), or null: before or after every sprint. */
  sprint: SprintRef | null;
  streams: { streamKey: string; entries: ChangelogEntryRecord[] }[];
}

/** Newest first: sprints, then streams in config order, then entries by merge time. */
export function groupChangelog(
  entries: readonly ChangelogEntryRecord[],
  calendar: Pick<SprintCalendarConfig, 'sprint' | 'timezone'>,
  streamOrder: readonly string[],
): ChangelogGroup[] {
  const sorted = [...entries].sort((a, b) => b.mergedAt.getTime() - a.mergedAt.getTime() || b.id - a.id);
  const groups: ChangelogGroup[] = [];
  for (const e of sorted) {
    const pos = sprintPositionOfDate(calendar, localDate(e.mergedAt, calendar.timezone));
    const sprint = pos === null ? null : { number: pos.sprintNumber, startDate: pos.startDate, endDate: pos.endDate };
    let group = groups.find((g) => (g.sprint?.number ?? null) === (sprint?.number ?? null));
    if (group === undefined) groups.push((group = { sprint, streams: [] }));
    let stream = group.streams.find((s) => s.streamKey === e.streamKey);
    if (stream === undefined) group.streams.push((stream = { streamKey: e.streamKey, entries: [] }));
    stream.entries.push(e);
  }
  const rank = (k: string) => (streamOrder.includes(k) ? streamOrder.indexOf(k) : streamOrder.length);
  for (const g of groups) g.streams.sort((a, b) => rank(a.streamKey) - rank(b.streamKey));
  return groups;
}
