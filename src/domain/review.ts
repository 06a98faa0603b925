// Cross-stream review of pull requests: when a pull request needs a reviewer from another stream,
// and when its nudge is due. Pure.

export interface NamedItem {
  identifier: string;
  streamKey: string | null;
  labels: readonly string[];
}

/**
 * A pull request is cross-cutting when it names work of another stream than its repository's, or
 * work labelled cross-stream. The other streams are those of the items it names, besides its own.
 */
export function crossCutting(
  prStream: string,
  items: readonly NamedItem[],
  label: string,
): { crossStream: boolean; otherStreams: string[] } {
  const otherStreams = [...new Set(items.map((i) => i.streamKey).filter((s): s is string => s !== null && s !== prStream))];
  const wanted = label.toLowerCase();
  const labelled = items.some((i) => i.labels.some((l) => l.toLowerCase() === wanted));
  return { crossStream: otherStreams.length > 0 || labelled, otherStreams };
}

/**
 * When the nudge is due: `after` from when the pull request became reviewable (the first time;
 * edits do not restart the clock), or null when no nudge is wanted.
 */
export function nudgeDueAt(o: {
  crossStream: boolean;
  draft: boolean;
  approvedAt: Date | null;
  closedAt: Date | null;
  nudgedAt: Date | null;
  dueAt: Date | null;
  now: Date;
  afterMs: number;
}): Date | null {
  if (!o.crossStream || o.draft || o.approvedAt !== null || o.closedAt !== null || o.nudgedAt !== null) return null;
  return o.dueAt ?? new Date(o.now.getTime() + o.afterMs);
}

/** An approval counts when the reviewer belongs to a stream other than the pull request's. */
export function approvesAcrossStreams(reviewerStreams: readonly string[], prStream: string): boolean {
  return reviewerStreams.some((s) => s !== prStream);
}

/** A pull request watched for a cross-stream review, as stored. */
export interface PullRequestRecord {
  id: number;
  sourceId: string;
  streamKey: string;
  title: string;
  url: string;
  authorLogin: string | null;
  items: string[];
  crossStream: boolean;
  otherStreams: string[];
  openedAt: Date;
  approvedAt: Date | null;
  closedAt: Date | null;
  nudgeDueAt: Date | null;
  nudgedAt: Date | null;
}

export type PullRequestChange = Omit<PullRequestRecord, 'id' | 'openedAt' | 'nudgedAt'>;
