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
  /** When a pull request naming it merged; known to Paceline only (GitHub), never from the tracker. */
  mergedAt?: Date | null;
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

/**
 * What the digest reads of the work: the full history of every item that changed since an
 * instant or sits in a sprint from a number on, those items' assignees and estimates, and when
 * Paceline recorded anything first.
 */
export interface WorkHistory {
  events: WorkItemEventRecord[];
  items: { identifier: string; assignee: string | null; points: number | null; sprintNumber: number | null }[];
  /** The instant of the first event Paceline ever recorded, or null. */
  firstEventAt: Date | null;
}

/** What an item's cross-stream label asks of the blocker that stands for it. */
export type CrossStreamStep = { kind: 'none' } | { kind: 'open' } | { kind: 'reopen'; note: string } | { kind: 'resolve'; note: string };

/** Labelled cross-stream and still to be done (not completed, canceled or deleted). */
function needsBlocker(s: WorkItemSnapshot | null, label: string): boolean {
  if (s === null || s.removed || s.state === 'completed' || s.state === 'canceled') return false;
  const wanted = label.toLowerCase();
  return s.labels.some((l) => l.toLowerCase() === wanted);
}

/**
 * The cross-stream label on open work holds one blocker open, filed through the blockers flow
 * (so it pages the Tiger Crew and escalates like any other). Completing, canceling or deleting the
 * issue, or taking the label off, resolves it. A blocker someone resolved in Slack stays resolved
 * while nothing changes in the tracker; it reopens only when the issue comes to need it again
 * (labelled anew, or reopened). With no blocker yet, one is filed whenever the item needs it:
 * that also repairs a crash between recording the item and filing its blocker.
 */
export function crossStreamStep(o: {
  before: WorkItemSnapshot | null;
  after: WorkItemSnapshot;
  label: string;
  blocker: 'open' | 'acked' | 'resolved' | null;
}): CrossStreamStep {
  const now = needsBlocker(o.after, o.label);
  const id = o.after.identifier;
  if (o.blocker === null) return now && o.after.streamKey !== null ? { kind: 'open' } : { kind: 'none' };
  if (o.blocker === 'resolved') {
    if (!now || needsBlocker(o.before, o.label)) return { kind: 'none' };
    return { kind: 'reopen', note: `${id} needs another stream again (labelled ${o.label} and open in the tracker).` };
  }
  if (now) return { kind: 'none' };
  const why = o.after.removed
    ? 'was deleted in the tracker'
    : o.after.state === 'completed'
      ? 'was completed'
      : o.after.state === 'canceled'
        ? 'was canceled'
        : `is no longer labelled ${o.label}`;
  return { kind: 'resolve', note: `${id} ${why}.` };
}

/** One stream's work in a sprint, in points (canceled and deleted work is out of scope). */
export interface StreamWork {
  streamKey: string;
  committed: number;
  done: number;
  remaining: number;
  /** Identifiers of started work, in the order given. */
  inProgress: string[];
  /** Items in scope with no estimate: they count as zero points until estimated. */
  unestimated: number;
}

export function sprintWork(items: readonly WorkItemSnapshot[], sprintNumber: number, streamKeys: readonly string[]): StreamWork[] {
  return streamKeys.map((streamKey) => {
    const scope = items.filter((i) => i.streamKey === streamKey && i.sprintNumber === sprintNumber && !i.removed && i.state !== 'canceled');
    const committed = scope.reduce((sum, i) => sum + (i.points ?? 0), 0);
    const done = scope.filter((i) => isDone(i.state)).reduce((sum, i) => sum + (i.points ?? 0), 0);
    return {
      streamKey,
      committed,
      done,
      remaining: committed - done,
      inProgress: scope.filter((i) => i.state === 'started').map((i) => i.identifier),
      unestimated: scope.filter((i) => i.points === null).length,
    };
  });
}

/**
 * What is wrong between tracker.linear and the Linear workspace, one line per problem with the
 * config path: a mapped team key Linear does not have, or a mapped team that cannot use the
 * cross-stream label (neither the team nor the workspace has it).
 */
export function linearSetupProblems(
  linear: { teams: Record<string, string>; crossStreamLabel: string },
  workspace: { teams: readonly string[]; labels: readonly { name: string; teamKey: string | null }[] },
): string[] {
  const problems: string[] = [];
  const has = (team: string) =>
    workspace.labels.some(
      (l) => l.name.toLowerCase() === linear.crossStreamLabel.toLowerCase() && (l.teamKey === null || l.teamKey === team),
    );
  for (const key of Object.keys(linear.teams)) {
    if (!workspace.teams.includes(key))
      problems.push(`tracker.linear.teams.${key}: Linear has no team with the key ${key} (it has ${workspace.teams.join(', ') || 'none'})`);
    else if (!has(key))
      problems.push(
        `tracker.linear.crossStreamLabel: team ${key} has no label "${linear.crossStreamLabel}" (nor does the workspace); create it in Linear`,
      );
  }
  return problems;
}
