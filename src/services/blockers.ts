import { DateTime } from 'luxon';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { BlockerRecord, Repositories } from '../db/index.js';
import { isWorkingDay, localDate } from '../domain/calendar.js';
import type { BlockerCommand } from '../domain/blockerCommand.js';
import { nextEscalation, type EscalationLevel, type EscalationPolicy } from '../domain/escalation.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { channelId, personKey, type Directory } from '../slack/directory.js';
import type { Poster } from '../slack/poster.js';
import { blockerBlocks, blockerText } from '../slack/views/blocker.js';
import type { TigerCrewService } from './tigerCrew.js';

export interface BlockerDeps {
  config: Config;
  repos: Pick<Repositories, 'blockers' | 'postedMessages'>;
  clock: Clock;
  directory: Directory;
  poster: Poster;
  slack: WebClient;
  logger: Logger;
  metrics: Metrics;
  tigerCrew: TigerCrewService;
}

export type Outcome = { ok: true; blocker: BlockerRecord; message: string } | { ok: false; problem: string };

// An escalation posted more than this after its deadline says it is late.
const LATE_AFTER_MS = 2 * 60_000;

const purpose = (n: number) => `blocker:${n}`;

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

  private async crewToday(): Promise<string[]> {
    const today = localDate(this.deps.clock.now(), this.deps.config.timezone);
    if (!isWorkingDay(this.deps.config, today)) return [];
    const crew = await this.deps.tigerCrew.crewFor(today);
    return crew.map((k) => this.slackIdOf(k)).filter((id): id is string => id !== undefined);
  }

  private async render(b: BlockerRecord) {
    const next = nextEscalation(this.policy(), b);
    const view = {
      streamName: this.stream(b.streamKey)?.name ?? b.streamKey,
      needsStreamName: this.stream(b.needsStreamKey)?.name ?? null,
      crew: await this.crewToday(),
      nextEscalation: next === null ? null : `level ${next.level.level} at ${this.formatLocal(next.dueAt)}`,
    };
    return { text: blockerText(b, view), blocks: blockerBlocks(b, view) };
  }

  /**
   * The refusals a command can get before anything is changed (unknown id, wrong state, not
   * allowed, no stream): quick database reads, so the command can answer inside Slack's 3 s.
   */
  async precheck(cmd: BlockerCommand, actor: string): Promise<string | null> {
    if (cmd.kind === 'create') {
      const key = this.memberKey(actor);
      const inStream = key !== undefined && this.deps.config.streams.some((s) => s.members.includes(key));
      return cmd.streamKey === null && !inStream
        ? `You are in no stream, so name the blocked one: add \`stream:<key>\` (${this.deps.config.streams.map((s) => s.key).join(', ')}).`
        : null;
    }
    if (cmd.kind !== 'ack' && cmd.kind !== 'resolve' && cmd.kind !== 'reopen') return null;
    const b = await this.find(cmd.number);
    if ('problem' in b) return b.problem;
    if (cmd.kind === 'ack' && b.state !== 'open') return `B-${b.number} is ${b.state === 'acked' ? 'already acknowledged' : 'resolved'}.`;
    if (cmd.kind === 'reopen' && b.state !== 'resolved') return `B-${b.number} is not resolved.`;
    if (cmd.kind === 'resolve') {
      if (b.state === 'resolved') return `B-${b.number} is already resolved.`;
      if (!(await this.mayResolve(b, actor))) return this.refusal(b.number);
    }
    return null;
  }

  refusal(number: number): string {
    return `Only the reporter, the owner, the stream leads, today's Tiger Crew or an admin can resolve B-${number}. Swarm it instead, or ask one of them.`;
  }

  /** Files a blocker (from /blocker, a stand-up answer or the tracker) and escalates level 0 at once. */
  async create(
    cmd: Extract<BlockerCommand, { kind: 'create' }>,
    reporterSlackId: string,
    source: 'command' | 'standup' | 'tracker',
    sourceAnswerId: number | null = null,
    defaultStream?: string,
  ): Promise<Outcome> {
    const reporterKey = this.memberKey(reporterSlackId);
    const streamKey =
      cmd.streamKey ??
      defaultStream ??
      this.deps.config.streams.find((s) => reporterKey !== undefined && s.members.includes(reporterKey))?.key;
    if (streamKey === undefined) {
      return {
        ok: false,
        problem: `You are in no stream, so name the blocked one: add \`stream:<key>\` (${this.deps.config.streams.map((s) => s.key).join(', ')}).`,
      };
    }
    const now = this.deps.clock.now();
    const created = await this.deps.repos.blockers.create({
      streamKey,
      needsStreamKey: cmd.needsStreamKey,
      text: cmd.text,
      crossStream: cmd.crossStream,
      reporterSlackId,
      ownerSlackId: cmd.ownerSlackId,
      sourceAnswerId,
      source,
      at: now,
    });
    const first = nextEscalation(this.policy(), created);
    await this.deps.repos.blockers.setNextEscalation(created.id, first?.dueAt ?? null);
    const stream = this.stream(streamKey);
    const channel = channelId(this.deps.directory, stream?.channel ?? '');
    const record = { ...created, nextEscalationAt: first?.dueAt ?? null };
    const posted = await this.deps.poster.postOnce(purpose(created.number), channel, await this.render(record));
    await this.deps.repos.blockers.setMessage(created.id, channel, posted.ts);
    // Level 0 is "at once": run the sweep for this blocker now rather than at the next minute.
    await this.escalateDue(created.number);
    const saved = (await this.deps.repos.blockers.byNumber(created.number)) as BlockerRecord;
    return {
      ok: true,
      blocker: saved,
      message: `Filed B-${saved.number} in ${stream?.name ?? streamKey}${saved.crossStream ? ' (cross-stream)' : ''}.`,
    };
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
      if (filed.ok) numbers.push(filed.blocker.number);
    }
    return numbers;
  }

  private async find(number: number): Promise<BlockerRecord | { problem: string }> {
    const b = await this.deps.repos.blockers.byNumber(number);
    return b ?? { problem: `There is no blocker B-${number}. \`/blocker list\` shows the open ones.` };
  }

  private async refresh(number: number, timeline: string): Promise<BlockerRecord> {
    const b = (await this.deps.repos.blockers.byNumber(number)) as BlockerRecord;
    await this.deps.poster.updateIfPosted(purpose(number), await this.render(b));
    if (b.channelId && b.messageTs) {
      await this.deps.slack.chat.postMessage({ channel: b.channelId, thread_ts: b.messageTs, text: timeline });
    }
    return b;
  }

  async ack(number: number, actor: string): Promise<Outcome> {
    const b = await this.find(number);
    if ('problem' in b) return { ok: false, problem: b.problem };
    if (b.state !== 'open') return { ok: false, problem: `B-${number} is ${b.state === 'acked' ? 'already acknowledged' : 'resolved'}.` };
    const at = this.deps.clock.now();
    const next = nextEscalation(this.policy(), { ...b, state: 'acked', ackedAt: at });
    if (
      !(await this.deps.repos.blockers.transition({
        id: b.id,
        from: ['open'],
        to: 'acked',
        kind: 'acked',
        actorSlackId: actor,
        at,
        nextEscalationAt: next?.dueAt ?? null,
      }))
    ) {
      return { ok: false, problem: `B-${number} changed meanwhile; look at it again.` };
    }
    this.deps.metrics.blockerTimeToAck.observe((at.getTime() - b.createdAt.getTime()) / 1000);
    const blocker = await this.refresh(number, `<@${actor}> acknowledged B-${number}.`);
    return { ok: true, blocker, message: `Acknowledged B-${number}.` };
  }

  /** Who may resolve: the reporter, the owner, the leads of both streams, today's Tiger Crew, admins. */
  async mayResolve(b: BlockerRecord, actor: string): Promise<boolean> {
    const key = this.memberKey(actor);
    if (actor === b.reporterSlackId || actor === b.ownerSlackId) return true;
    if (key !== undefined && this.deps.config.admins.includes(key)) return true;
    const leads = [this.stream(b.streamKey)?.lead, this.stream(b.needsStreamKey)?.lead];
    if (key !== undefined && leads.includes(key)) return true;
    return (await this.crewToday()).includes(actor);
  }

  async resolve(number: number, actor: string, note: string): Promise<Outcome> {
    const b = await this.find(number);
    if ('problem' in b) return { ok: false, problem: b.problem };
    if (b.state === 'resolved') return { ok: false, problem: `B-${number} is already resolved.` };
    if (!(await this.mayResolve(b, actor))) {
      return { ok: false, problem: this.refusal(number) };
    }
    const at = this.deps.clock.now();
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
      }))
    ) {
      return { ok: false, problem: `B-${number} changed meanwhile; look at it again.` };
    }
    this.deps.metrics.blockerTimeToResolve.observe((at.getTime() - b.createdAt.getTime()) / 1000);
    const blocker = await this.refresh(number, `<@${actor}> resolved B-${number}${note.trim() ? `: ${note.trim()}` : '.'}`);
    return { ok: true, blocker, message: `Resolved B-${number}.` };
  }

  async reopen(number: number, actor: string): Promise<Outcome> {
    const b = await this.find(number);
    if ('problem' in b) return { ok: false, problem: b.problem };
    if (b.state !== 'resolved') return { ok: false, problem: `B-${number} is not resolved.` };
    const at = this.deps.clock.now();
    const next = nextEscalation(this.policy(), { ...b, state: 'open', ackedAt: null });
    if (
      !(await this.deps.repos.blockers.transition({
        id: b.id,
        from: ['resolved'],
        to: 'open',
        kind: 'reopened',
        actorSlackId: actor,
        at,
        nextEscalationAt: next?.dueAt ?? null,
      }))
    ) {
      return { ok: false, problem: `B-${number} changed meanwhile; look at it again.` };
    }
    const blocker = await this.refresh(number, `<@${actor}> reopened B-${number}.`);
    return { ok: true, blocker, message: `Reopened B-${number}.` };
  }

  async swarm(number: number, actor: string): Promise<Outcome> {
    const b = await this.find(number);
    if ('problem' in b) return { ok: false, problem: b.problem };
    if (b.state === 'resolved') return { ok: false, problem: `B-${number} is resolved already; nothing to swarm.` };
    if (!(await this.deps.repos.blockers.swarm(b.id, actor, this.deps.clock.now())))
      return { ok: false, problem: `You are already swarming B-${number}.` };
    const crew = await this.crewToday();
    const blocker = await this.refresh(
      number,
      `<@${actor}> is swarming B-${number}.${crew.length > 0 ? ` Tiger Crew ${crew.map((c) => `<@${c}>`).join(' ')}, you're not alone.` : ''}`,
    );
    return { ok: true, blocker, message: `You are swarming B-${number}.` };
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
   * replicas (claimed in the database before anything is posted; released if the post fails).
   */
  async escalateDue(number: number): Promise<number[]> {
    const done: number[] = [];
    for (;;) {
      const b = await this.deps.repos.blockers.byNumber(number);
      if (b === null || b.nextEscalationAt === null) return done;
      const now = this.deps.clock.now();
      if (b.nextEscalationAt > now) return done;
      const next = nextEscalation(this.policy(), b);
      if (next === null) {
        await this.deps.repos.blockers.setNextEscalation(b.id, null);
        return done;
      }
      const after = nextEscalation(this.policy(), { ...b, escalationLevel: next.level.level });
      const late = now.getTime() - next.dueAt.getTime() > LATE_AFTER_MS;
      const claimed = await this.deps.repos.blockers.claimEscalation({
        id: b.id,
        fromLevel: b.escalationLevel,
        dueAt: b.nextEscalationAt,
        level: next.level.level,
        nextAt: after?.dueAt ?? null,
        at: now,
        late,
      });
      if (!claimed) return done;
      try {
        await this.notify(next.level, b, next.dueAt, late);
      } catch (err) {
        await this.deps.repos.blockers.releaseEscalation({
          id: b.id,
          level: next.level.level,
          fromLevel: b.escalationLevel,
          dueAt: b.nextEscalationAt,
        });
        throw err;
      }
      this.deps.metrics.blockerEscalations.inc({ level: String(next.level.level) });
      done.push(next.level.level);
      await this.deps.poster.updateIfPosted(
        purpose(number),
        await this.render((await this.deps.repos.blockers.byNumber(number)) as BlockerRecord),
      );
    }
  }

  private async notify(level: EscalationLevel, b: BlockerRecord, dueAt: Date, late: boolean): Promise<void> {
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
    for (const channel of channels) {
      const link = b.channelId && b.messageTs ? ` <${await this.permalink(b.channelId, b.messageTs)}|Open B-${b.number}>` : '';
      await this.deps.slack.chat.postMessage({ channel, text: `${headline}${lateNote}\n>${b.text.slice(0, 500)}${link}` });
    }
    if (b.channelId && b.messageTs) {
      const where = channels.length > 0 ? ` Posted in ${channels.map((c) => `<#${c}>`).join(', ')}.` : '';
      await this.deps.slack.chat.postMessage({ channel: b.channelId, thread_ts: b.messageTs, text: `${headline}${where}${lateNote}` });
    }
  }

  private async permalink(channel: string, ts: string): Promise<string> {
    try {
      return (await this.deps.slack.chat.getPermalink({ channel, message_ts: ts })).permalink ?? '';
    } catch {
      return '';
    }
  }

  /** The every-minute sweep: escalates everything due; a late one says so. */
  async sweep(): Promise<number> {
    let count = 0;
    for (const b of await this.deps.repos.blockers.due(this.deps.clock.now())) {
      try {
        count += (await this.escalateDue(b.number)).length;
      } catch (err) {
        this.deps.logger.error({ err, blocker: b.number }, 'escalation failed; the next sweep retries it');
      }
    }
    await this.updateGauges();
    return count;
  }

  private async updateGauges(): Promise<void> {
    const open = await this.deps.repos.blockers.list({});
    const now = this.deps.clock.now().getTime();
    this.deps.metrics.blockersOpen.reset();
    this.deps.metrics.blockerOldestAge.reset();
    for (const s of this.deps.config.streams) {
      const mine = open.filter((b) => b.streamKey === s.key);
      this.deps.metrics.blockersOpen.set({ stream: s.key }, mine.length);
      this.deps.metrics.blockerOldestAge.set(
        { stream: s.key },
        mine.length === 0 ? 0 : Math.max(...mine.map((b) => (now - b.createdAt.getTime()) / 1000)),
      );
    }
  }
}
