import { DateTime } from 'luxon';
import PQueue from 'p-queue';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { NewBlocker } from '../domain/blocker.js';
import type { Stores } from './stores.js';
import { changeRefusal, mayResolve, type BlockerRecord } from '../domain/blocker.js';
import { MAX_BLOCKER_TEXT, type BlockerCommand } from '../domain/blockerCommand.js';
import { nextEscalation, type EscalationLevel, type EscalationPolicy } from '../domain/escalation.js';
import { ok, refuse, type Refusal, type Result } from '../domain/result.js';
import { type BurstHold, burstHoldMs } from '../domain/burst.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics, OpenBlockers } from '../observability/metrics.js';
import { channelId, personKey, type Directory } from '../domain/directory.js';
import type { Messenger, Presenters, TrackerBlockers, Workspace } from './ports.js';
import type { TigerCrewService } from './tigerCrew.js';

export interface BlockerDeps {
  config: Config;
  repos: Pick<Stores, 'blockers'>;
  clock: Clock;
  directory: Directory;
  poster: Messenger;
  present: Presenters;
  workspace: Workspace;
  logger: Logger;
  metrics: Metrics;
  tigerCrew: TigerCrewService;
}

/** A change made (the blocker as it is now, and what to tell the person) or why not. */
export type Outcome = Result<{ blocker: BlockerRecord; message: string }>;

// An escalation posted more than this after its deadline says it is late.
const LATE_AFTER_MS = 2 * 60_000;

const purpose = (n: number) => `blocker:${n}`;

// The most filing requests stored in one transaction, and how long a batch waits for others
// to join it (a few milliseconds of an acknowledgement buy one transaction instead of dozens).
const STORE_BATCH = 100;
const STORE_GATHER_MS = 10;
// A burst is over when no filing arrived for 150 ms; publishing never waits longer than 3 s
// (so a steady stream of filings cannot starve it).
const PUBLISH_HOLD: BurstHold = { quietMs: 150, maxMs: 3000 };
// Blockers published at once after their acknowledgements; the rest wait their turn.
const PUBLISH_CONCURRENCY = 4;

export class BlockerService {
  constructor(private readonly deps: BlockerDeps) {}

  policy(): EscalationPolicy {
    return { levels: this.deps.config.escalation.levels, ackStopsCurrentLevel: this.deps.config.escalation.ackStopsCurrentLevel };
  }

  private memberKey(slackId: string): string | undefined {
    return personKey(this.deps.directory, slackId);
  }

  private stream(key: string | null) {
    return key === null ? undefined : this.deps.config.streams.find((s) => s.key === key);
  }

  private slackIdOf(key: string): string | undefined {
    return this.deps.directory.people.get(key);
  }

  private formatLocal(at: Date): string {
    return DateTime.fromJSDate(at, { zone: this.deps.config.timezone }).toFormat('ccc HH:mm ZZZZ');
  }

  private crewToday(): Promise<string[]> {
    return this.deps.tigerCrew.crewSlackIdsToday();
  }

  private async render(b: BlockerRecord) {
    const next = nextEscalation(this.policy(), b);
    const view = {
      streamName: this.stream(b.streamKey)?.name ?? b.streamKey,
      needsStreamName: this.stream(b.needsStreamKey)?.name ?? null,
      crew: await this.crewToday(),
      nextEscalation: next === null ? null : `level ${next.level.level} at ${this.formatLocal(next.dueAt)}`,
    };
    return this.deps.present.blocker(b, view);
  }

  /**
   * The refusals a command can get before anything is changed (unknown id, wrong state, not
   * allowed, no stream): quick database reads, so the command can answer inside Slack's 3 s.
   */
  async precheck(cmd: BlockerCommand, actor: string): Promise<Refusal | null> {
    if (cmd.kind === 'create') {
      const key = this.memberKey(actor);
      const inStream = key !== undefined && this.deps.config.streams.some((s) => s.members.includes(key));
      if (cmd.streamKey === null && !inStream) return this.noStream().refusal;
      return cmd.ownerSlackId === null ? null : this.ownerProblem(cmd.ownerSlackId);
    }
    if (cmd.kind !== 'ack' && cmd.kind !== 'resolve' && cmd.kind !== 'reopen') return null;
    const found = await this.find(cmd.number);
    if (!found.ok) return found.refusal;
    const b = found.value;
    if (cmd.kind !== 'resolve') return changeRefusal(cmd.kind, b);
    return changeRefusal('resolve', b, { mayResolve: b.state === 'resolved' || (await this.mayResolve(b, actor)) });
  }

  /**
   * An owner must be someone in the workspace. People in the config are; anyone else is asked
   * of Slack (one users.info). If Slack cannot answer, the blocker is filed anyway: the owner can
   * be corrected later, a lost blocker cannot.
   */
  private async ownerProblem(owner: string): Promise<Refusal | null> {
    if (this.memberKey(owner) !== undefined) return null;
    switch (await this.deps.workspace.personStatus(owner)) {
      case 'deactivated':
        return refuse('not-found', `<@${owner}> has left the workspace; name another owner.`).refusal;
      case 'unknown':
        return refuse('not-found', `${owner} is not a member of this workspace; pick the owner from Slack's @ autocomplete.`).refusal;
      default:
        return null;
    }
  }

  private noStream() {
    return refuse(
      'usage',
      `You are in no stream, so name the blocked one: add \`stream:<key>\` (${this.deps.config.streams.map((s) => s.key).join(', ')}).`,
    );
  }

  /**
   * Stores a blocker durably (one transaction, with its first escalation deadline) and nothing
   * else: quick, so a slash command can acknowledge only once the blocker is safe. `publish`
   * does the Slack part afterwards; if the process dies in between, the sweep publishes it.
   */
  async file(
    cmd: Extract<BlockerCommand, { kind: 'create' }>,
    reporterSlackId: string,
    source: 'command' | 'standup' | 'tracker',
    o: { sourceAnswerId?: number | null; defaultStream?: string; requestId?: string; trackerId?: string } = {},
  ): Promise<Result<{ blocker: BlockerRecord; message: string; created: boolean }>> {
    const reporterKey = this.memberKey(reporterSlackId);
    const streamKey =
      cmd.streamKey ??
      o.defaultStream ??
      this.deps.config.streams.find((s) => reporterKey !== undefined && s.members.includes(reporterKey))?.key;
    if (streamKey === undefined) return this.noStream();
    const at = this.deps.clock.now();
    const stored = await this.store({
      streamKey,
      needsStreamKey: cmd.needsStreamKey,
      text: cmd.text,
      crossStream: cmd.crossStream,
      reporterSlackId,
      ownerSlackId: cmd.ownerSlackId,
      sourceAnswerId: o.sourceAnswerId ?? null,
      source,
      at,
      requestId: o.requestId ?? null,
      trackerId: o.trackerId ?? null,
      // A new blocker: open, nothing escalated yet.
      firstEscalationAt:
        nextEscalation(this.policy(), { createdAt: at, crossStream: cmd.crossStream, escalationLevel: -1, state: 'open', ackedAt: null })
          ?.dueAt ?? null,
    });
    const { created, ...blocker } = stored;
    const stream = this.stream(streamKey);
    return ok({
      blocker,
      created,
      message: `Filed B-${blocker.number} in ${stream?.name ?? streamKey}${blocker.crossStream ? ' (cross-stream)' : ''}.`,
    });
  }

  // Filing requests that arrive together are stored together: one transaction per batch.
  private readonly toStore: {
    input: NewBlocker;
    resolve: (b: BlockerRecord & { created: boolean }) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private storing = false;

  private store(input: NewBlocker): Promise<BlockerRecord & { created: boolean }> {
    return new Promise((resolve, reject) => {
      this.toStore.push({ input, resolve, reject });
      void this.drainStore();
    });
  }

  private async drainStore(): Promise<void> {
    if (this.storing) return;
    this.storing = true;
    // Acknowledgements first: publishing (Slack calls and many small queries, which on PGlite
    // run on this very thread) waits while a burst of filings is arriving, so it never delays an
    // acknowledgement Slack is waiting for; it resumes once the burst is over.
    this.holdPublishing();
    try {
      while (this.toStore.length > 0) {
        // Let the requests that arrived in the same moment join this batch.
        await new Promise((resolve) => setTimeout(resolve, STORE_GATHER_MS));
        const batch = this.toStore.splice(0, STORE_BATCH);
        try {
          const stored = await this.deps.repos.blockers.createMany(batch.map((b) => b.input));
          // Two deliveries of one request in one batch: the first is the one that filed it.
          const seen = new Set<number>();
          batch.forEach((b, i) => {
            const record = stored[i] as BlockerRecord & { created: boolean };
            b.resolve({ ...record, created: record.created && !seen.has(record.id) });
            seen.add(record.id);
          });
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.storing = false;
      this.releasePublishingSoon();
    }
  }

  private heldSince: number | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;

  private holdPublishing(): void {
    clearTimeout(this.resumeTimer);
    this.heldSince ??= performance.now();
    this.publishing.pause();
  }

  /** Publishing resumes after a quiet moment, and never later than the hold's maximum. */
  private releasePublishingSoon(): void {
    clearTimeout(this.resumeTimer);
    const now = performance.now();
    const resume = () => {
      this.heldSince = undefined;
      this.publishing.start();
    };
    // The batch just stored is the latest filing: the quiet moment starts now.
    const wait = burstHoldMs(PUBLISH_HOLD, now, now, this.heldSince ?? now);
    if (wait <= 0) resume();
    else this.resumeTimer = setTimeout(resume, wait);
  }

  /**
   * Shows a stored blocker in its stream channel (once: a retry or a second caller updates the
   * same message) and escalates whatever is due, level 0 at once.
   */
  async publish(number: number): Promise<BlockerRecord> {
    const b = (await this.deps.repos.blockers.byNumber(number)) as BlockerRecord;
    if (b.messageTs === null) {
      const channel = channelId(this.deps.directory, this.stream(b.streamKey)?.channel ?? '');
      const posted = await this.deps.poster.postOnce(purpose(number), channel, await this.render(b));
      // Another attempt holds the post (the recovery sweep): it records the message.
      if (posted.ts === null) return b;
      await this.deps.repos.blockers.setMessage(b.id, channel, posted.ts);
    }
    await this.escalateDue(number);
    return (await this.deps.repos.blockers.byNumber(number)) as BlockerRecord;
  }

  /**
   * Publishes after an acknowledgement, a few at a time: a burst of /blocker commands is stored
   * and acknowledged first, and the Slack work that follows does not crowd the database out from
   * under the acknowledgements still waiting (PGlite has one connection).
   */
  publishSoon(number: number): Promise<BlockerRecord> {
    return this.publishing.add(() => this.publish(number), { throwOnTimeout: true });
  }

  private readonly publishing = new PQueue({ concurrency: PUBLISH_CONCURRENCY });

  /** Files a blocker (from a stand-up answer or the tracker) and publishes it at once. */
  async create(
    cmd: Extract<BlockerCommand, { kind: 'create' }>,
    reporterSlackId: string,
    source: 'command' | 'standup' | 'tracker',
    sourceAnswerId: number | null = null,
    defaultStream?: string,
  ): Promise<Outcome> {
    const filed = await this.file(cmd, reporterSlackId, source, { sourceAnswerId, ...(defaultStream ? { defaultStream } : {}) });
    if (!filed.ok) return filed;
    return ok({ blocker: await this.publish(filed.value.blocker.number), message: filed.value.message });
  }

  /** Blockers stored but never shown (a crash after the acknowledgement, Slack down): shown now. */
  async publishPending(): Promise<number> {
    let count = 0;
    for (const b of await this.deps.repos.blockers.unposted()) {
      try {
        if ((await this.publish(b.number)).messageTs !== null) count += 1;
      } catch (err) {
        this.deps.logger.warn({ err, blocker: b.number }, 'could not show a filed blocker in Slack yet; the next tick tries again');
      }
    }
    return count;
  }

  /** Files the blockers named in a stand-up answer that are not filed yet. */
  async fileFromAnswer(o: { answerId: number; streamKey: string; texts: string[]; reporterSlackId: string }): Promise<number[]> {
    const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
    const known = new Set((await this.deps.repos.blockers.textsFromAnswer(o.answerId)).map(norm));
    const numbers: number[] = [];
    for (const text of o.texts) {
      if (known.has(norm(text))) continue;
      known.add(norm(text));
      const filed = await this.create(
        { kind: 'create', text: text.slice(0, 1000), crossStream: false, ownerSlackId: null, streamKey: o.streamKey, needsStreamKey: null },
        o.reporterSlackId,
        'standup',
        o.answerId,
      );
      if (filed.ok) numbers.push(filed.value.blocker.number);
    }
    return numbers;
  }

  /** A blocker by its number, or null. */
  byNumber(number: number): Promise<BlockerRecord | null> {
    return this.deps.repos.blockers.byNumber(number);
  }

  private async find(number: number): Promise<Result<BlockerRecord>> {
    const b = await this.deps.repos.blockers.byNumber(number);
    return b !== null ? ok(b) : refuse('not-found', `There is no blocker B-${number}. \`/blocker list\` shows the open ones.`);
  }

  /** The timeline entry announcing a change, as an intent to store with the change. */
  private timelineIntent(b: BlockerRecord, kind: string, actor: string, at: Date, text: string) {
    if (b.channelId === null || b.messageTs === null) return [];
    return [this.deps.poster.intent(`${purpose(b.number)}:${kind}:${actor}:${at.getTime()}`, b.channelId, { text }, b.messageTs)];
  }

  /** After a stored change: the blocker's message shows it and the timeline entry goes out. */
  private async refresh(number: number, intents: { purpose: string }[]): Promise<BlockerRecord> {
    const b = (await this.deps.repos.blockers.byNumber(number)) as BlockerRecord;
    await this.deps.poster.updateIfPosted(purpose(number), await this.render(b));
    await this.deps.poster.deliverStaged(intents.map((i) => i.purpose));
    return b;
  }

  async ack(number: number, actor: string): Promise<Outcome> {
    const found = await this.find(number);
    if (!found.ok) return found;
    const b = found.value;
    const refused = changeRefusal('ack', b);
    if (refused !== null) return { ok: false, refusal: refused };
    const at = this.deps.clock.now();
    const next = nextEscalation(this.policy(), { ...b, state: 'acked', ackedAt: at });
    const intents = this.timelineIntent(b, 'acked', actor, at, `<@${actor}> acknowledged B-${number}.`);
    if (
      !(await this.deps.repos.blockers.transition({
        id: b.id,
        from: ['open'],
        to: 'acked',
        kind: 'acked',
        actorSlackId: actor,
        at,
        nextEscalationAt: next?.dueAt ?? null,
        intents,
      }))
    ) {
      return refuse('conflict', `B-${number} changed meanwhile; look at it again.`);
    }
    this.deps.metrics.blockerTimeToAck.observe((at.getTime() - b.createdAt.getTime()) / 1000);
    const blocker = await this.refresh(number, intents);
    return ok({ blocker, message: `Acknowledged B-${number}.` });
  }

  /** Whether this person may resolve the blocker (the rule is domain/blocker.ts's). */
  async mayResolve(b: BlockerRecord, actor: string): Promise<boolean> {
    return mayResolve(
      b,
      { slackId: actor, key: this.memberKey(actor) },
      {
        admins: this.deps.config.admins,
        leads: [this.stream(b.streamKey)?.lead, this.stream(b.needsStreamKey)?.lead],
        crewToday: await this.crewToday(),
      },
    );
  }

  async resolve(number: number, actor: string, note: string): Promise<Outcome> {
    const found = await this.find(number);
    if (!found.ok) return found;
    const b = found.value;
    const refused = changeRefusal('resolve', b, { mayResolve: b.state === 'resolved' || (await this.mayResolve(b, actor)) });
    if (refused !== null) return { ok: false, refusal: refused };
    const at = this.deps.clock.now();
    const intents = this.timelineIntent(
      b,
      'resolved',
      actor,
      at,
      `<@${actor}> resolved B-${number}${note.trim() ? `: ${this.deps.present.plain(note.trim())}` : '.'}`,
    );
    if (
      !(await this.deps.repos.blockers.transition({
        id: b.id,
        from: ['open', 'acked'],
        to: 'resolved',
        kind: 'resolved',
        actorSlackId: actor,
        at,
        resolution: note.trim() || null,
        nextEscalationAt: null,
        intents,
      }))
    ) {
      return refuse('conflict', `B-${number} changed meanwhile; look at it again.`);
    }
    this.deps.metrics.blockerTimeToResolve.observe((at.getTime() - b.createdAt.getTime()) / 1000);
    const blocker = await this.refresh(number, intents);
    return ok({ blocker, message: `Resolved B-${number}.` });
  }

  async reopen(number: number, actor: string): Promise<Outcome> {
    const found = await this.find(number);
    if (!found.ok) return found;
    const b = found.value;
    const refused = changeRefusal('reopen', b);
    if (refused !== null) return { ok: false, refusal: refused };
    const at = this.deps.clock.now();
    const next = nextEscalation(this.policy(), { ...b, state: 'open', ackedAt: null });
    const intents = this.timelineIntent(b, 'reopened', actor, at, `<@${actor}> reopened B-${number}.`);
    if (
      !(await this.deps.repos.blockers.transition({
        id: b.id,
        from: ['resolved'],
        to: 'open',
        kind: 'reopened',
        actorSlackId: actor,
        at,
        nextEscalationAt: next?.dueAt ?? null,
        intents,
      }))
    ) {
      return refuse('conflict', `B-${number} changed meanwhile; look at it again.`);
    }
    const blocker = await this.refresh(number, intents);
    return ok({ blocker, message: `Reopened B-${number}.` });
  }

  async swarm(number: number, actor: string): Promise<Outcome> {
    const found = await this.find(number);
    if (!found.ok) return found;
    const b = found.value;
    const refused = changeRefusal('swarm', b);
    if (refused !== null) return { ok: false, refusal: refused };
    const crew = await this.crewToday();
    const at = this.deps.clock.now();
    const intents = this.timelineIntent(
      b,
      'swarmed',
      actor,
      at,
      `<@${actor}> is swarming B-${number}.${crew.length > 0 ? ` Tiger Crew ${crew.map((c) => `<@${c}>`).join(' ')}, you're not alone.` : ''}`,
    );
    if (!(await this.deps.repos.blockers.swarm(b.id, actor, at, intents)))
      return refuse('conflict', `You are already swarming B-${number}.`);
    const blocker = await this.refresh(number, intents);
    return ok({ blocker, message: `You are swarming B-${number}.` });
  }

  /**
   * The blockers of work items labelled cross-stream in the tracker (the TrackerBlockers port).
   * Filed once per issue (its tracker id is the request id, so a redelivery, a reconciliation or
   * a retry after a crash finds the stored one), reported by nobody in Slack, owned by the
   * issue's assignee when they are in the config.
   */
  readonly tracker: TrackerBlockers = {
    stateOf: async (trackerId) => (await this.deps.repos.blockers.byTrackerId(trackerId))?.state ?? null,
    open: async (item) => {
      if (item.streamKey === null) return;
      const owner = item.assignee === null ? undefined : this.deps.directory.people.get(item.assignee);
      const text = `${item.identifier} ${item.title}${item.url ? ` ${item.url}` : ''}`.slice(0, MAX_BLOCKER_TEXT);
      const filed = await this.file(
        { kind: 'create', text, crossStream: true, ownerSlackId: owner ?? null, streamKey: item.streamKey, needsStreamKey: null },
        '',
        'tracker',
        { requestId: `tracker:${item.trackerId}`, trackerId: item.trackerId },
      );
      if (!filed.ok) return;
      try {
        await this.publish(filed.value.blocker.number);
      } catch (err) {
        // Stored: the every-minute sweep shows it once Slack answers again.
        this.deps.logger.warn({ err, blocker: filed.value.blocker.number }, 'filed a blocker from the tracker but could not show it yet');
      }
    },
    resolve: (trackerId, note) => this.trackerChange(trackerId, 'resolved', note),
    reopen: (trackerId, note) => this.trackerChange(trackerId, 'reopened', note),
  };

  private async trackerChange(trackerId: string, kind: 'resolved' | 'reopened', note: string): Promise<void> {
    const b = await this.deps.repos.blockers.byTrackerId(trackerId);
    if (b === null || (kind === 'resolved') === (b.state === 'resolved')) return;
    const at = this.deps.clock.now();
    const next = kind === 'reopened' ? nextEscalation(this.policy(), { ...b, state: 'open', ackedAt: null }) : null;
    const text = `${kind === 'resolved' ? ':white_check_mark: Resolved' : ':arrows_counterclockwise: Reopened'} from the tracker: ${this.deps.present.plain(note)}`;
    const intents = this.timelineIntent(b, kind, 'tracker', at, text);
    const changed = await this.deps.repos.blockers.transition({
      id: b.id,
      from: kind === 'resolved' ? ['open', 'acked'] : ['resolved'],
      to: kind === 'resolved' ? 'resolved' : 'open',
      kind,
      actorSlackId: null,
      at,
      ...(kind === 'resolved' ? { resolution: note } : {}),
      nextEscalationAt: next?.dueAt ?? null,
      intents,
    });
    if (changed) await this.refresh(b.number, intents);
  }

  async list(filter: Extract<BlockerCommand, { kind: 'list' }>['filter'], actor: string): Promise<string> {
    const f = filter.kind === 'mine' ? { involving: actor } : filter.kind === 'stream' ? { streamKey: filter.streamKey } : {};
    const rows = await this.deps.repos.blockers.list({ ...f, includeResolved: filter.kind === 'all' });
    const title =
      filter.kind === 'mine'
        ? 'Your open blockers'
        : filter.kind === 'stream'
          ? `Open blockers of ${this.stream(filter.streamKey)?.name}`
          : filter.kind === 'all'
            ? 'All blockers'
            : 'Open blockers';
    if (rows.length === 0) return `${title}: none.`;
    const now = this.deps.clock.now().getTime();
    const line = (b: BlockerRecord) => {
      const hours = Math.floor((now - b.createdAt.getTime()) / 3600_000);
      const state = b.state === 'acked' ? 'acknowledged' : b.state;
      return `• *B-${b.number}* ${this.stream(b.streamKey)?.name ?? b.streamKey}${b.crossStream ? ' `cross-stream`' : ''} · ${state} · ${hours} h old${b.escalationLevel >= 1 ? ` · level ${b.escalationLevel}` : ''} — ${b.text.slice(0, 200)}`;
    };
    return `*${title}* (${rows.length})\n${rows.map(line).join('\n')}`;
  }

  /** Whom a level reaches: people to mention and channels to post in. */
  private async targets(level: EscalationLevel, b: BlockerRecord): Promise<{ people: string[]; channels: string[] }> {
    const people = new Set<string>();
    const channels = new Set<string>();
    for (const t of level.notify) {
      if (t === 'tiger-crew') for (const id of await this.crewToday()) people.add(id);
      if (t === 'stream-leads') {
        for (const s of [this.stream(b.streamKey), this.stream(b.needsStreamKey)]) {
          const id = s === undefined ? undefined : this.slackIdOf(s.lead);
          if (id) people.add(id);
        }
      }
      if (t === 'owner' && b.ownerSlackId) people.add(b.ownerSlackId);
      if (t === 'admins') for (const a of this.deps.config.admins) if (this.slackIdOf(a)) people.add(this.slackIdOf(a) as string);
      if (t === 'escalation-channel') channels.add(channelId(this.deps.directory, this.deps.config.channels.escalation));
      if (t === 'exec-channel') channels.add(channelId(this.deps.directory, this.deps.config.channels.exec));
    }
    return { people: [...people], channels: [...channels] };
  }

  /**
   * Escalates every level of one blocker that is due, in order, each exactly once across
   * replicas. The claim and the level's posts (as intents) are one transaction, so a process
   * killed after the claim leaves posts that the recovery sweep completes; a failed post stays
   * an intent and is retried, never re-claimed and never posted twice.
   */
  async escalateDue(number: number): Promise<number[]> {
    const done: number[] = [];
    for (;;) {
      const b = await this.deps.repos.blockers.byNumber(number);
      if (b === null || b.nextEscalationAt === null) return done;
      // A blocker is escalated once people can see it: its thread is where the timeline goes.
      if (b.messageTs === null) return done;
      const now = this.deps.clock.now();
      if (b.nextEscalationAt > now) return done;
      const next = nextEscalation(this.policy(), b);
      if (next === null) {
        await this.deps.repos.blockers.setNextEscalation(b.id, null);
        return done;
      }
      const after = nextEscalation(this.policy(), { ...b, escalationLevel: next.level.level });
      const late = now.getTime() - next.dueAt.getTime() > LATE_AFTER_MS;
      const intents = await this.escalationIntents(next.level, b, next.dueAt, late);
      const claimed = await this.deps.repos.blockers.claimEscalation({
        id: b.id,
        fromLevel: b.escalationLevel,
        dueAt: b.nextEscalationAt,
        level: next.level.level,
        nextAt: after?.dueAt ?? null,
        at: now,
        late,
        intents,
      });
      if (!claimed) return done;
      this.deps.metrics.blockerEscalations.inc({ level: String(next.level.level) });
      done.push(next.level.level);
      await this.deps.poster.deliverStaged(intents.map((i) => i.purpose));
      await this.deps.poster.updateIfPosted(
        purpose(number),
        await this.render((await this.deps.repos.blockers.byNumber(number)) as BlockerRecord),
      );
    }
  }

  /** The posts of one escalation level: one per channel it reaches, and one in the blocker's thread. */
  private async escalationIntents(level: EscalationLevel, b: BlockerRecord, dueAt: Date, late: boolean) {
    const { people, channels } = await this.targets(level, b);
    const who = people.map((p) => `<@${p}>`).join(' ');
    const lateNote = late ? ` _(late: it was due ${this.formatLocal(dueAt)}; Paceline was not running)_` : '';
    const stream = this.stream(b.streamKey)?.name ?? b.streamKey;
    const needs = this.stream(b.needsStreamKey)?.name;
    const age = Math.round((this.deps.clock.now().getTime() - b.createdAt.getTime()) / 3600_000);
    const headline =
      level.level === 0
        ? `${who || 'Tiger Crew'}: new blocker B-${b.number} in ${stream} — please swarm.`
        : `:rotating_light: Escalation level ${level.level}: B-${b.number} (${stream}${needs ? ` needs ${needs}` : ''}${b.crossStream ? ', cross-stream' : ''}) is unresolved after ${age} h. ${who}`.trim();
    const base = `${purpose(b.number)}:level:${level.level}`;
    const intents = [];
    for (const channel of channels) {
      const link = b.channelId && b.messageTs ? ` <${await this.permalink(b.channelId, b.messageTs)}|Open B-${b.number}>` : '';
      intents.push(
        this.deps.poster.intent(`${base}:channel:${channel}`, channel, {
          text: `${headline}${lateNote}\n>${this.deps.present.plain(b.text.slice(0, 500))}${link}`,
        }),
      );
    }
    if (b.channelId && b.messageTs) {
      const where = channels.length > 0 ? ` Posted in ${channels.map((c) => `<#${c}>`).join(', ')}.` : '';
      intents.push(this.deps.poster.intent(`${base}:thread`, b.channelId, { text: `${headline}${where}${lateNote}` }, b.messageTs));
    }
    return intents;
  }

  private permalink(channel: string, ts: string): Promise<string> {
    return this.deps.workspace.permalink(channel, ts);
  }

  /**
   * The every-minute sweep: shows blockers filed but not yet shown, then escalates everything
   * due (a late one says so).
   */
  async sweep(): Promise<number> {
    await this.publishPending();
    let count = 0;
    for (const b of await this.deps.repos.blockers.due(this.deps.clock.now())) {
      try {
        count += (await this.escalateDue(b.number)).length;
      } catch (err) {
        this.deps.logger.error({ err, blocker: b.number }, 'escalation failed; the next sweep retries it');
      }
    }
    return count;
  }

  /** When the next escalation level is due (the scheduler wakes for it), or null. */
  nextEscalationAt(): Promise<Date | null> {
    return this.deps.repos.blockers.nextEscalation();
  }

  /** Every stream's open blockers and the age of its oldest (the /metrics gauges; 0 for a stream with none). */
  async openGauges(): Promise<OpenBlockers[]> {
    const open = await this.deps.repos.blockers.openByStream();
    const now = this.deps.clock.now().getTime();
    return this.deps.config.streams.map((s) => {
      const mine = open.get(s.key);
      return { stream: s.key, open: mine?.open ?? 0, oldestAgeSeconds: mine === undefined ? 0 : (now - mine.oldest.getTime()) / 1000 };
    });
  }
}
