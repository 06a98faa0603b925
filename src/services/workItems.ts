import type { Stores, WorkItemStore } from './stores.js';
import { localDate, sprintDayDate, sprintPosition, sprintPositionOfDate } from '../domain/calendar.js';
import { personKey } from '../domain/directory.js';
import { ok, refuse, type Result } from '../domain/result.js';
import {
  crossStreamStep,
  isStateType,
  sprintWork,
  teamKeyOf,
  workItemChanges,
  type StreamWork,
  type WorkItemChange,
  type WorkItemSnapshot,
} from '../domain/workItems.js';
import type { ServiceBasics, TrackerBlockers, TrackerIssue, WorkTracker } from './ports.js';
import type { SprintRef } from '../domain/calendar.js';
import type { WorkItemSource } from '../domain/workItems.js';

const RECONCILE_EVERY_MS = 3600_000;
/** How long one read of a sprint's work serves everyone asking (when nothing changed in between). */
const SHARED_READ_MS = 1000;

/** What became of a webhook delivery; the HTTP layer turns it into a status code. */
export type DeliveryOutcome =
  | { kind: 'applied'; identifier: string; changes: { kind: string }[] }
  | { kind: 'duplicate' }
  /** An event type Paceline does not use. */
  | { kind: 'ignored'; reason: string }
  /** About a team (or repository) the config does not map to a stream. */
  | { kind: 'unknown'; reason: string };

export interface LinearPayload {
  type: string;
  action: string;
  data: { id: string; identifier?: string | undefined };
}

/**
 * Work items from the tracker: a webhook says an issue changed, Paceline reads the issue back
 * (the webhook body is a hint, the API is the truth) and records what changed as events.
 */
export class WorkItemService {
  constructor(
    private readonly deps: ServiceBasics & {
      repos: Pick<Stores, 'workItems' | 'processedEvents'>;
      tracker: WorkTracker | undefined;
      /** Absent in `paceline sync` (no Slack): the running app's next reconciliation files them. */
      blockers?: TrackerBlockers;
    },
  ) {}

  private get teams(): Record<string, string> {
    return this.deps.config.tracker.linear?.teams ?? {};
  }

  /** The sprint of the chain that contains the cycle's start (in the sprint time zone). */
  private sprintOf(cycleStartsAt: string | null): SprintRef | null {
    if (cycleStartsAt === null) return null;
    const start = new Date(cycleStartsAt);
    if (Number.isNaN(start.getTime())) return null;
    const pos = sprintPositionOfDate(this.deps.config, localDate(start, this.deps.config.timezone));
    return pos === null ? null : { number: pos.sprintNumber, startDate: pos.startDate, endDate: pos.endDate };
  }

  private assigneeOf(issue: TrackerIssue): string | null {
    const email = issue.assigneeEmail?.toLowerCase();
    const person = email === undefined ? undefined : this.deps.config.people.find((p) => p.linear?.toLowerCase() === email);
    return person?.key ?? issue.assigneeName;
  }

  private snapshotOf(issue: TrackerIssue, before: WorkItemSnapshot | null): WorkItemSnapshot {
    const date = (v: string | null) => (v === null ? null : new Date(v));
    return {
      trackerId: issue.id,
      identifier: issue.identifier,
      title: issue.title,
      url: issue.url,
      streamKey: this.teams[issue.teamKey] ?? null,
      sprintNumber: this.sprintOf(issue.cycleStartsAt)?.number ?? null,
      // A tracker that gives no estimates (undefined) leaves points set with /sprint points alone.
      points: issue.estimate === undefined ? (before?.points ?? null) : issue.estimate,
      state: isStateType(issue.stateType) ? issue.stateType : 'backlog',
      assignee: this.assigneeOf(issue),
      labels: issue.labels,
      startedAt: date(issue.startedAt),
      completedAt: date(issue.completedAt),
      removed: false,
    };
  }

  /** Records the tracker's view of one issue; returns what changed. */
  async applyIssue(issue: TrackerIssue, source: WorkItemSource): Promise<WorkItemChange[]> {
    const before = await this.deps.repos.workItems.byTrackerId(issue.id);
    const after = this.snapshotOf(issue, before);
    const changes = await this.record(after, {
      sprint: this.sprintOf(issue.cycleStartsAt),
      at: this.deps.clock.now(),
      source,
      diff: (stored) => workItemChanges(stored, after),
    });
    await this.followCrossStream(before, after);
    return changes;
  }

  /**
   * The item is recorded first, its blocker follows: a crash in between leaves an item that
   * needs a blocker and has none, which the next delivery or reconciliation files.
   */
  private async followCrossStream(before: WorkItemSnapshot | null, after: WorkItemSnapshot): Promise<void> {
    const blockers = this.deps.blockers;
    if (blockers === undefined) return;
    const label = this.deps.config.tracker.linear?.crossStreamLabel ?? 'cross-stream';
    const step = crossStreamStep({ before, after, label, blocker: await blockers.stateOf(after.trackerId) });
    if (step.kind === 'open') await blockers.open(after);
    else if (step.kind === 'resolve') await blockers.resolve(after.trackerId, step.note);
    else if (step.kind === 'reopen') await blockers.reopen(after.trackerId, step.note);
  }

  /** An issue deleted in the tracker: it leaves its sprint; the row and its history stay. */
  async removeIssue(trackerId: string, source: WorkItemSource): Promise<{ identifier: string; changes: WorkItemChange[] } | null> {
    const before = await this.deps.repos.workItems.byTrackerId(trackerId);
    if (before === null) return null;
    const after = { ...before, removed: true };
    const changes = await this.record(after, {
      sprint: null,
      at: this.deps.clock.now(),
      source,
      diff: (stored) => workItemChanges(stored, after),
    });
    await this.followCrossStream(before, after);
    return { identifier: before.identifier, changes };
  }

  /**
   * One Linear webhook delivery, its signature already checked. Deduplicated by delivery id;
   * a delivery whose processing fails is forgotten again, so Linear's retry is processed.
   */
  async linearDelivery(deliveryId: string, payload: LinearPayload): Promise<DeliveryOutcome> {
    if (payload.type !== 'Issue') return { kind: 'ignored', reason: `Paceline does not use ${payload.type} events` };
    const team = payload.data.identifier === undefined ? null : teamKeyOf(payload.data.identifier);
    if (team === null || this.teams[team] === undefined) {
      return {
        kind: 'unknown',
        reason: `${payload.data.identifier ?? payload.data.id} belongs to no team in tracker.linear.teams (${Object.keys(this.teams).join(', ') || 'none'})`,
      };
    }
    if (!(await this.deps.repos.processedEvents.firstDelivery(deliveryId, 'linear', this.deps.clock.now()))) return { kind: 'duplicate' };
    try {
      if (payload.action === 'remove') {
        const removed = await this.removeIssue(payload.data.id, 'webhook');
        return { kind: 'applied', identifier: payload.data.identifier ?? payload.data.id, changes: removed?.changes ?? [] };
      }
      const tracker = this.requireTracker();
      const issue = await tracker.issue(payload.data.id);
      if (issue === null) {
        const removed = await this.removeIssue(payload.data.id, 'webhook');
        return { kind: 'applied', identifier: payload.data.identifier ?? payload.data.id, changes: removed?.changes ?? [] };
      }
      return { kind: 'applied', identifier: issue.identifier, changes: await this.applyIssue(issue, 'webhook') };
    } catch (err) {
      await this.deps.repos.processedEvents.forget(deliveryId);
      throw err;
    }
  }

  /**
   * Reads every issue of the configured teams and records what the webhooks missed (Paceline
   * was down, a delivery was lost), marked as found by reconciliation; items gone from the
   * tracker are marked removed.
   */
  async reconcile(): Promise<{ issues: number; changes: number }> {
    const tracker = this.requireTracker();
    const issues = await tracker.issuesOfTeams(Object.keys(this.teams));
    let changes = 0;
    for (const issue of issues) changes += (await this.applyIssue(issue, 'reconcile')).length;
    const seen = new Set(issues.map((i) => i.id));
    for (const item of await this.deps.repos.workItems.all()) {
      if (item.removed || seen.has(item.trackerId) || item.trackerId.startsWith('manual:')) continue;
      const team = teamKeyOf(item.identifier);
      if (team === null || this.teams[team] === undefined) continue;
      changes += (await this.removeIssue(item.trackerId, 'reconcile'))?.changes.length ?? 0;
    }
    this.deps.logger.info({ issues: issues.length, changes }, 'reconciled work items with Linear');
    return { issues: issues.length, changes };
  }

  /** A sprint by its number, for storing an item that stays in the sprint it was in. */
  private sprintNumbered(n: number | null): SprintRef | null {
    if (n === null || n < 1) return null;
    const pos = sprintPositionOfDate(this.deps.config, sprintDayDate(this.deps.config, n, 1));
    return pos === null ? null : { number: n, startDate: pos.startDate, endDate: pos.endDate };
  }

  /** Stores a change made with /sprint: the same events as the tracker's, marked `command`. */
  private async recordCommand(before: WorkItemSnapshot | null, after: WorkItemSnapshot): Promise<WorkItemChange[]> {
    const changes = await this.record(after, {
      sprint: this.sprintNumbered(after.sprintNumber),
      at: this.deps.clock.now(),
      source: 'command',
      diff: (stored) => workItemChanges(stored, after),
    });
    await this.followCrossStream(before, after);
    return changes;
  }

  /**
   * `/sprint points GOV-12 5 [stream]`: the manual path for teams without Linear, or for work
   * Linear gives no estimate. A new item joins the current sprint in the named stream, else the
   * stream its prefix maps to (tracker.linear.teams), else the person's own stream.
   */
  async setPoints(o: { identifier: string; points: number; streamKey: string | null; actor: string }): Promise<Result<string>> {
    const actorKey = personKey(this.deps.directory, o.actor);
    if (actorKey === undefined) return refuse('not-allowed', "Only people in Paceline's config can change work items.");
    const before = await this.deps.repos.workItems.byIdentifier(o.identifier);
    if (before?.removed === true) return refuse('conflict', `${o.identifier} was deleted in the tracker; it has no points to change.`);
    const teamStream = this.teams[teamKeyOf(o.identifier) ?? ''] ?? null;
    const ownStream = this.deps.config.streams.find((s) => s.members.includes(actorKey))?.key ?? null;
    const streamKey = o.streamKey ?? before?.streamKey ?? teamStream ?? ownStream;
    if (streamKey === null)
      return refuse('usage', `Say which stream ${o.identifier} belongs to: \`/sprint points ${o.identifier} ${o.points} <stream>\`.`);
    let after: WorkItemSnapshot;
    if (before !== null) after = { ...before, points: o.points, streamKey };
    else {
      const position = sprintPosition(this.deps.config, this.deps.clock.now());
      if (position === null) return refuse('conflict', `No sprint is running, so ${o.identifier} has no sprint to join.`);
      after = {
        trackerId: `manual:${o.identifier}`,
        identifier: o.identifier,
        title: o.identifier,
        url: null,
        streamKey,
        sprintNumber: position.sprintNumber,
        points: o.points,
        state: 'unstarted',
        assignee: actorKey,
        labels: [],
        startedAt: null,
        completedAt: null,
        removed: false,
      };
    }
    const changes = await this.recordCommand(before, after);
    const moved = before !== null && changes.some((c) => c.kind === 'stream') ? ` (moved to ${this.streamName(streamKey)})` : '';
    return ok(
      before === null
        ? `${o.identifier} joins sprint ${after.sprintNumber} in ${this.streamName(streamKey)} with ${o.points} points.`
        : `${o.identifier} is now ${o.points} points${moved}.`,
    );
  }

  /** `/sprint done GOV-12`. */
  async markDone(o: { identifier: string; actor: string }): Promise<Result<string>> {
    if (personKey(this.deps.directory, o.actor) === undefined)
      return refuse('not-allowed', "Only people in Paceline's config can change work items.");
    const before = await this.deps.repos.workItems.byIdentifier(o.identifier);
    if (before === null || before.removed)
      return refuse('not-found', `Paceline does not know ${o.identifier}. Give it points first: \`/sprint points ${o.identifier} <n>\`.`);
    if (before.state === 'completed') return refuse('conflict', `${o.identifier} is already done.`);
    await this.recordCommand(before, { ...before, state: 'completed', completedAt: this.deps.clock.now() });
    return ok(`${o.identifier} is done${before.points === null ? '' : ` (${before.points} points)`}.`);
  }

  /**
   * Each stream's points and work in progress in a sprint. Asked for many times at once (fifty
   * people typing /sprint at the stand-up), the askers share one read for up to a second, but
   * only a read made after this process's last recorded change: someone told "GOV-3 is done"
   * never reads the sprint from before it. (On the embedded database every query runs on the
   * app's own thread, so fifty reads in a row would hold up fifty acknowledgements.) A change
   * recorded by another replica shows within the second.
   */
  async work(sprintNumber: number): Promise<StreamWork[]> {
    const now = this.deps.clock.now().getTime();
    const shared = this.sprintReads.get(sprintNumber);
    if (shared !== undefined && shared.generation === this.generation && now >= shared.at && now - shared.at < SHARED_READ_MS)
      return shared.result;
    const streamKeys = this.deps.config.streams.map((s) => s.key);
    const read = {
      generation: this.generation,
      at: now,
      result: this.deps.repos.workItems.inSprint(sprintNumber).then((items) => sprintWork(items, sprintNumber, streamKeys)),
    };
    this.sprintReads.set(sprintNumber, read);
    try {
      return await read.result;
    } catch (err) {
      if (this.sprintReads.get(sprintNumber) === read) this.sprintReads.delete(sprintNumber);
      throw err;
    }
  }

  /** The latest read of each sprint's work, with the generation of changes it was made after. */
  private readonly sprintReads = new Map<number, { generation: number; at: number; result: Promise<StreamWork[]> }>();
  /** Counts the changes recorded by this process, so a read never serves a caller who asked after a change. */
  private generation = 0;

  /** Every change to work items is recorded here, and moves the generation on once stored. */
  private async record(after: WorkItemSnapshot, o: Parameters<WorkItemStore['record']>[1]): Promise<WorkItemChange[]> {
    try {
      return await this.deps.repos.workItems.record(after, o);
    } finally {
      this.generation++;
    }
  }

  private streamName(key: string): string {
    return this.deps.config.streams.find((s) => s.key === key)?.name ?? key;
  }

  private lastReconciled: number | undefined;

  /**
   * The every-tick hook: reconciles at the first tick after boot and then once an hour, so
   * what changed while Paceline was down, or a lost delivery, is found without anyone asking.
   */
  async reconcileIfDue(): Promise<string> {
    if (this.deps.tracker === undefined) return 'no tracker';
    const now = this.deps.clock.now().getTime();
    if (this.lastReconciled !== undefined && now - this.lastReconciled < RECONCILE_EVERY_MS && now >= this.lastReconciled) return 'not due';
    this.lastReconciled = now;
    const r = await this.reconcile();
    return `${r.issues} issues, ${r.changes} changes`;
  }

  private requireTracker(): WorkTracker {
    if (this.deps.tracker === undefined) throw new Error('LINEAR_API_KEY is not set: Paceline cannot read issues from Linear');
    return this.deps.tracker;
  }
}
