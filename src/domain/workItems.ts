/**
 * Work items (Linear issues, or items entered with /sprint points) and the changes that matter to
 * a burndown. Pure: a stored snapshot and the tracker's current one in, the changes out. A change
 * is recorded once; a redelivered webhook or a reconciliation that finds nothing new gives none.
 */

/** The tracker's state types (Linear's), in the order work moves through them. */
export const STATE_TYPES = ['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export interface WorkItemSnapshot {
  trackerId: string;
  /** What people call it: GOV-12. */
  identifier: string;
  title: string;
  url: string | null;
  streamKey: string | null;
  /** The Paceline sprint it belongs to (from the Linear cycle's dates), or null: not in a sprint. */
  sprintNumber: number | null;
  points: number | null;
  state: StateType;
  /** A person key of the config, or the tracker's name for someone not in it. */
  assignee: string | null;
  labels: string[];
  startedAt: Date | null;
  completedAt: Date | null;
  /** Deleted in the tracker. */
  removed: boolean;
}

export type WorkItemChangeKind = 'added' | 'removed' | 'points' | 'state' | 'stream';

/**
 * One change. `added` / `removed` are scope: the item entered or left a sprint (from/to are sprint
 * numbers); a deleted item leaves its sprint. The others carry the old and new value.
 */
export interface WorkItemChange {
  kind: WorkItemChangeKind;
  from: string | null;
  to: string | null;
}

const str = (v: number | string | null): string | null => (v === null ? null : String(v));

/** The sprint an item counts toward: none once it is deleted. */
function sprintOf(s: WorkItemSnapshot | null): number | null {
  return s === null || s.removed ? null : s.sprintNumber;
}

/** What changed between what Paceline knew (`before`, null when first seen) and the tracker now. */
export function workItemChanges(before: WorkItemSnapshot | null, after: WorkItemSnapshot): WorkItemChange[] {
  const changes: WorkItemChange[] = [];
  const was = sprintOf(before);
  const is = sprintOf(after);
  if (was !== is) {
    if (was !== null) changes.push({ kind: 'removed', from: str(was), to: str(is) });
    if (is !== null) changes.push({ kind: 'added', from: str(was), to: str(is) });
  }
  if ((before?.points ?? null) !== after.points) changes.push({ kind: 'points', from: str(before?.points ?? null), to: str(after.points) });
  if ((before?.state ?? null) !== after.state) changes.push({ kind: 'state', from: before?.state ?? null, to: after.state });
  if ((before?.streamKey ?? null) !== after.streamKey)
    changes.push({ kind: 'stream', from: before?.streamKey ?? null, to: after.streamKey });
  return changes;
}

/** "GOV-12" → "GOV"; null for what is not an identifier. */
export function teamKeyOf(identifier: string): string | null {
  const m = /^([A-Z][A-Z0-9]{0,9})-\d+$/.exec(identifier);
  return m ? (m[1] as string) : null;
}

export function isStateType(v: string): v is StateType {
  return (STATE_TYPES as readonly string[]).includes(v);
}

/** Done for a burndown: completed. Canceled work leaves the scope instead (see the digest). */
export function isDone(state: StateType): boolean {
  return state === 'completed';
}

export type WorkItemSource = 'webhook' | 'reconcile' | 'command';

export interface WorkItemEventRecord {
  identifier: string;
  kind: WorkItemChange['kind'];
  from: string | null;
  to: string | null;
  at: Date;
  source: WorkItemSource;
}
