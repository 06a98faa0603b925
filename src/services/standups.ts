import PQueue from 'p-queue';
import type { Clock } from '../clock.js';
import type { Config, StreamConfig } from '../config/schema.js';
import type { StandupAnswerRecord, StandupRunRecord } from '../domain/standupAnswer.js';
import type { Stores } from './stores.js';
import { describeDate, localDate, sprintPositionOfDate, wallClockInstant } from '../domain/calendar.js';
import { ok, refuse, type Result } from '../domain/result.js';
import { contentToFields, foldParts, modalContent, withThreadMessage, type ModalFields } from '../domain/standupAnswer.js';
import { emptyContent, isEmptyContent, type StreamRef } from '../domain/standupParser.js';
import type { Logger } from '../observability/logger.js';
import { channelId, personKey, type Directory } from '../domain/directory.js';
import { tsOf, type Messenger, type OnceMessage, type Presenters, type StreamSummary, type Workspace } from './ports.js';
import type { TigerCrewService } from './tigerCrew.js';
import type { BlockerService } from './blockers.js';

export interface StandupDeps {
  config: Config;
  repos: Pick<Stores, 'standups' | 'blockers' | 'postedMessages'>;
  clock: Clock;
  directory: Directory;
  poster: Messenger;
  present: Presenters;
  workspace: Workspace;
  logger: Logger;
  tigerCrew: TigerCrewService;
  blockers: BlockerService;
}

export type ReplyOutcome =
  | { kind: 'not-a-prompt' }
  | { kind: 'unknown-user' }
  | { kind: 'not-in-stream'; stream: string }
  | { kind: 'closed'; closeAt: string }
  | { kind: 'empty' }
  | { kind: 'saved'; created: boolean; blockers: number[] };

/** Why a member cannot answer right now, in words for an ephemeral reply. */
/** Today's run a member answers: the run, its stream and the member's config key. */
export interface MemberRun {
  run: StandupRunRecord;
  stream: StreamConfig;
  memberKey: string;
}

const summaryPurpose = (date: string) => `standup-summary:${date}`;
/** Reminders sent at once (the fan-out benchmark's raw Web API loop uses the same bound). */
export const REMINDER_CONCURRENCY = 8;
/** How many prompt threads the summary reads back from Slack at once. */
export const READ_BACK_CONCURRENCY = 8;

export class StandupService {
  constructor(private readonly deps: StandupDeps) {}

  streamRefs(): StreamRef[] {
    return this.deps.config.streams.map((s) => ({
      key: s.key,
      name: s.name,
      channelId: this.deps.directory.channels.get(s.channel) ?? null,
    }));
  }

  memberKey(slackUserId: string): string | undefined {
    return personKey(this.deps.directory, slackUserId);
  }

  private personName(key: string): string {
    return this.deps.config.people.find((p) => p.key === key)?.name ?? key;
  }

  private closeInstant(date: string): Date {
    return wallClockInstant(date, this.deps.config.standup.closeAt, this.deps.config.timezone);
  }

  isClosed(date: string): boolean {
    return this.deps.clock.now() >= this.closeInstant(date);
  }

  /** standup-open: one prompt per stream channel, each stored with its run. */
  async open(date: string): Promise<string> {
    const { config, repos, directory, poster, clock } = this.deps;
    const position = sprintPositionOfDate(config, date);
    if (position === null) return 'no sprint on this date';
    const crew = (await this.deps.tigerCrew.crewFor(date)).map((k) => this.personName(k)).join(', ') || 'nobody';
    // Runs first, all streams in a few queries; then the prompts, all channels at once, so 50
    // streams are limited by Slack's per-channel rate rather than by waiting on each other.
    const sprint = { number: position.sprintNumber, startDate: position.startDate, endDate: position.endDate };
    const channels = config.streams.map((stream) => ({ streamKey: stream.key, channelId: channelId(directory, stream.channel) }));
    const opened = await repos.standups.openRuns({ streams: channels, date, sprint, at: clock.now() });
    const runs = config.streams.map((stream, i) => ({
      stream,
      channel: (channels[i] as { channelId: string }).channelId,
      run: opened[i] as StandupRunRecord,
    }));
    const dayText = `Day ${position.day} of ${position.lengthDays} · ${describeDate(date)}`;
    await Promise.all(
      runs.map(async ({ stream, channel, run }) => {
        const posted = await poster.postOnce(
          `standup-prompt:${stream.key}:${date}`,
          channel,
          this.deps.present.standupPrompt({
            streamName: stream.name,
            sprintLabel: stream.sprintLabel,
            dayText,
            crew,
            closeAt: config.standup.closeAt,
            runId: run.id,
          }),
        );
        // Each run learns its prompt at once, so a reply in the first second finds it (the
        // writes of prompts answered at about the same moment go out as one statement).
        const ts = tsOf(posted, `standup-prompt:${stream.key}:${date}`);
        if (run.promptTs !== ts) await repos.standups.setPromptTs(run.id, ts);
      }),
    );
    return `prompts in ${config.streams.length} stream channels`;
  }

  /**
   * A reply under a message we have no ts for: if it is a prompt whose process died between
   * posting it and storing its ts, Slack's copy (its metadata names the purpose) says which run
   * it belongs to, and the reply counts at once instead of waiting for the summary's read-back.
   */
  private async adoptPrompt(channel: string, threadTs: string): Promise<StandupRunRecord | null> {
    const purpose = await this.deps.poster.adoptParent(channel, threadTs);
    const m = purpose === null ? null : /^standup-prompt:([^:]+):(\d{4}-\d{2}-\d{2})$/.exec(purpose);
    if (m === null) return null;
    const run = (await this.deps.repos.standups.runsOn(m[2] as string)).find((r) => r.streamKey === m[1]);
    if (run === undefined) return null;
    await this.deps.repos.standups.setPromptTs(run.id, threadTs);
    return { ...run, promptTs: threadTs };
  }

  /** A message in a prompt's thread: a new answer, an addition to one, or an edit. */
  async threadMessage(o: {
    channel: string;
    threadTs: string;
    ts: string;
    user: string;
    text: string;
    edit: boolean;
  }): Promise<ReplyOutcome> {
    const run = (await this.deps.repos.standups.runByPrompt(o.channel, o.threadTs)) ?? (await this.adoptPrompt(o.channel, o.threadTs));
    if (run === null) return { kind: 'not-a-prompt' };
    const memberKey = this.memberKey(o.user);
    if (memberKey === undefined) return { kind: 'unknown-user' };
    const stream = this.deps.config.streams.find((s) => s.key === run.streamKey) as StreamConfig;
    if (!stream.members.includes(memberKey)) return { kind: 'not-in-stream', stream: stream.name };
    if (this.isClosed(run.date)) return { kind: 'closed', closeAt: this.deps.config.standup.closeAt };
    if (o.text.trim() === '' && !o.edit) return { kind: 'empty' };
    const now = this.deps.clock.now();
    const streams = this.streamRefs();
    const { answer, created } = await this.deps.repos.standups.saveAnswer(run.id, memberKey, now, 'thread', (parts) => {
      const next = withThreadMessage(parts, o.ts, o.text, now.toISOString());
      return { parts: next, content: foldParts(next, streams) };
    });
    const blockers = await this.afterSave(answer, o.user);
    return { kind: 'saved', created, blockers };
  }

  /** Finds the run a member answers with the button or /standup: today's, in their stream. */
  async runForMember(slackUserId: string, opts: { runId?: number; channelId?: string }): Promise<Result<MemberRun>> {
    const memberKey = this.memberKey(slackUserId);
    if (memberKey === undefined)
      return refuse(
        'not-found',
        "You are not in any stream of Paceline's config, so there is no stand-up for you. Ask an admin to add you to paceline.yml.",
      );
    const today = localDate(this.deps.clock.now(), this.deps.config.timezone);
    let run: StandupRunRecord | null | undefined;
    if (opts.runId !== undefined) run = await this.deps.repos.standups.runById(opts.runId);
    else {
      const mine = this.deps.config.streams.filter((s) => s.members.includes(memberKey));
      const runs = await this.deps.repos.standups.runsOn(today);
      const here = mine.find((s) => this.deps.directory.channels.get(s.channel) === opts.channelId) ?? mine[0];
      run = runs.find((r) => r.streamKey === here?.key);
      if (run === undefined) {
        const at = wallClockInstant(today, this.deps.config.standup.time, this.deps.config.timezone);
        return refuse(
          'not-found',
          this.deps.clock.now() < at
            ? `Today's stand-up opens at ${this.deps.config.standup.time} (${this.deps.config.timezone}); answer then, in its thread or with /standup.`
            : 'There is no stand-up today (a weekend, a holiday or outside the sprint).',
        );
      }
    }
    if (run === null) return refuse('not-found', 'That stand-up no longer exists. Use /standup to answer today’s.');
    const stream = this.deps.config.streams.find((s) => s.key === run.streamKey) as StreamConfig;
    if (!stream.members.includes(memberKey))
      return refuse('not-allowed', `You are not a member of ${stream.name}; answer your own stream's stand-up (/standup).`);
    if (run.date !== today) return refuse('conflict', `That prompt is for ${describeDate(run.date)}; use today's prompt or /standup.`);
    if (this.isClosed(run.date)) return refuse('conflict', `Today's stand-up closed at ${this.deps.config.standup.closeAt}.`);
    return ok({ run, stream, memberKey });
  }

  async modalFor(found: MemberRun): Promise<unknown> {
    const existing = await this.deps.repos.standups.answer(found.run.id, found.memberKey);
    return this.deps.present.answerForm({
      runId: found.run.id,
      streamName: found.stream.name,
      date: describeDate(found.run.date),
      fields: contentToFields(existing?.content ?? emptyContent()),
    });
  }

  /** The modal's answer; `null` content means all four fields were empty. */
  modalAnswerIsEmpty(fields: ModalFields): boolean {
    return isEmptyContent(modalContent(fields, this.streamRefs()));
  }

  /**
   * Stores a modal answer (the database only, quick): the modal is acknowledged once it is
   * stored, so an answer the person saw accepted is never lost. `afterModal` does the rest.
   */
  async recordModal(
    runId: number,
    slackUserId: string,
    fields: ModalFields,
  ): Promise<Result<{ answer: StandupAnswerRecord; stream: string; channel: string }>> {
    const lookup = await this.runForMember(slackUserId, { runId });
    if (!lookup.ok) return lookup;
    const found = lookup.value;
    const now = this.deps.clock.now();
    const streams = this.streamRefs();
    const { answer } = await this.deps.repos.standups.saveAnswer(found.run.id, found.memberKey, now, 'modal', (parts) => {
      const next = [...parts, { kind: 'modal' as const, fields, at: now.toISOString() }];
      return { parts: next, content: foldParts(next, streams) };
    });
    return ok({ answer, stream: found.stream.name, channel: found.run.channelId });
  }

  /** After a stored modal answer: its blockers are filed and the summary updated. */
  async afterModal(answer: StandupAnswerRecord, slackUserId: string): Promise<number[]> {
    return this.afterSave(answer, slackUserId);
  }

  /**
   * Blockers named in the day's answers that were never filed (the process died between
   * storing an answer and filing them): filed now. Filing is idempotent by text.
   */
  async fileMissingBlockers(date: string): Promise<number> {
    let filed = 0;
    for (const answer of await this.deps.repos.standups.answersOn(date)) {
      if (answer.content.blockers.length === 0 || answer.memberSlackId === null) continue;
      filed += (
        await this.deps.blockers.fileFromAnswer({
          answerId: answer.id,
          streamKey: answer.streamKey,
          texts: answer.content.blockers,
          reporterSlackId: answer.memberSlackId,
        })
      ).length;
    }
    return filed;
  }

  private async afterSave(answer: StandupAnswerRecord, slackUserId: string): Promise<number[]> {
    // Blockers named in an answer enter the same flow as /blocker: posted, paged, escalated.
    const created = await this.deps.blockers.fileFromAnswer({
      answerId: answer.id,
      streamKey: answer.streamKey,
      texts: answer.content.blockers,
      reporterSlackId: slackUserId,
    });
    await this.refreshSummary(answer.date);
    return created;
  }

  /** standup-remind: one DM per member who has not answered, never to someone out, never twice. */
  async remind(date: string): Promise<string> {
    const runs = await this.deps.repos.standups.runsOn(date);
    const answers = await this.deps.repos.standups.answersOn(date);
    const answered = new Set(answers.map((a) => `${a.streamKey}:${a.memberKey}`));
    // Who is out is read once for all streams (it was read again for each: fifty reads at 09:10).
    const available = await this.deps.tigerCrew.availability();
    const pending = new Map<string, { stream: StreamConfig; run: StandupRunRecord }[]>();
    for (const run of runs) {
      const stream = this.deps.config.streams.find((s) => s.key === run.streamKey);
      if (stream === undefined) continue;
      for (const m of stream.members.filter((key) => available(key, date))) {
        if (answered.has(`${stream.key}:${m}`)) continue;
        pending.set(m, [...(pending.get(m) ?? []), { stream, run }]);
      }
    }
    const reminders: OnceMessage[] = [];
    for (const [member, items] of pending) {
      const user = this.deps.directory.people.get(member);
      if (user === undefined) continue;
      const where = items.map((i) => `${i.stream.name} (<#${i.run.channelId}>)`).join(' and ');
      reminders.push({
        purpose: `standup-remind:${date}:${member}`,
        channel: user,
        message: { text: `Reminder: today's stand-up for ${where} is waiting for your answer. Reply in its thread or use /standup.` },
      });
    }
    // Several at once (each a DM of its own, so Slack's one-a-second per conversation does not
    // bind), bounded so a thousand reminders do not open a thousand requests together.
    const outcomes = await this.deps.poster.postEachIfNew(reminders, { concurrency: REMINDER_CONCURRENCY });
    const sent = outcomes.filter((o) => o === true).length;
    // Every reminder is tried; the job fails (and is retried: each is sent once) if one could not be.
    const failed = outcomes.find((o): o is Error => o instanceof Error);
    if (failed !== undefined) throw failed;
    return `${sent} reminders`;
  }

  private async summaryMessage(date: string) {
    const { config } = this.deps;
    const answers = await this.deps.repos.standups.answersOn(date);
    const startOfDay = wallClockInstant(date, '00:00', config.timezone);
    const counts = await this.deps.repos.blockers.countsByStream(startOfDay);
    const streamName = new Map(config.streams.map((s) => [s.key, s.name]));
    const available = await this.deps.tigerCrew.availability();
    const streams: StreamSummary[] = config.streams.map((s) => {
      const expected = s.members.filter((m) => available(m, date));
      const mine = answers.filter((a) => a.streamKey === s.key && !isEmptyContent(a.content));
      const done = new Set(mine.map((a) => a.memberKey));
      return {
        name: s.name,
        answered: expected.filter((m) => done.has(m)).length,
        expected: expected.length,
        blockers: counts.get(s.key) ?? { new: 0, open: 0, escalated: 0 },
        handoffs: mine.flatMap((a) =>
          a.content.handoffs.map((h) => ({
            from: a.memberSlackId ? `<@${a.memberSlackId}>` : this.personName(a.memberKey),
            to: h.toStream === null ? null : (streamName.get(h.toStream) ?? h.toStream),
            text: h.text,
          })),
        ),
        notAnswered: expected.filter((m) => !done.has(m)).map((m) => this.personName(m)),
      };
    });
    const out = config.people.filter((p) => !available(p.key, date)).map((p) => p.name);
    const pos = sprintPositionOfDate(config, date);
    const title = `Stand-up summary · ${describeDate(date)}${pos ? ` · day ${pos.day} of ${pos.lengthDays}` : ''}`;
    return this.deps.present.standupSummary({ date: describeDate(date), title, streams, out, closed: this.isClosed(date) });
  }

  /**
   * Reads each prompt thread back from Slack and records the replies the app never processed
   * (an event acknowledged just before a crash is not redelivered) or whose text changed since.
   * The thread in Slack is the truth of what people wrote; this makes the summary count it.
   */
  async reconcile(date: string): Promise<number> {
    const answers = await this.deps.repos.standups.answersOn(date);
    let recovered = 0;
    const readBack = async (run: StandupRunRecord & { promptTs: string }) => {
      const known = new Map<string, string>();
      for (const a of answers) if (a.runId === run.id) for (const p of a.parts) if (p.kind === 'thread') known.set(p.ts, p.text);
      for await (const m of this.deps.poster.readThread(run.channelId, run.promptTs)) {
        if (known.get(m.ts) === m.text) continue;
        const edit = known.has(m.ts);
        const outcome = await this.threadMessage({
          channel: run.channelId,
          threadTs: run.promptTs,
          ts: m.ts,
          user: m.user,
          text: m.text,
          edit,
        });
        if (outcome.kind !== 'saved') continue;
        recovered += 1;
        if (!edit) await this.deps.workspace.react(run.channelId, m.ts, 'white_check_mark');
      }
    };
    // Threads are read several at once (fifty streams read one by one held up the summary);
    // each thread's replies are still recorded in order.
    const queue = new PQueue({ concurrency: READ_BACK_CONCURRENCY });
    const runs = (await this.deps.repos.standups.runsOn(date)).filter(
      (r): r is StandupRunRecord & { promptTs: string } => r.promptTs !== null,
    );
    await Promise.all(runs.map((run) => queue.add(() => readBack(run))));
    if (recovered > 0) this.deps.logger.warn({ date, recovered }, 'stand-up replies recovered from Slack that had not been processed');
    return recovered;
  }

  /** standup-summary: the cross-stream message at the end of the window. */
  async summary(date: string): Promise<string> {
    const channel = channelId(this.deps.directory, this.deps.config.channels[this.deps.config.standup.summaryChannel]);
    const recovered = await this.reconcile(date);
    // Every thread was just read: the every-minute catch-up need not read them all again in the
    // same tick (conversations.replies is a 50-a-minute method; fifty streams would pay twice).
    this.lastCatchUp = this.deps.clock.now().getTime();
    const message = await this.summaryMessage(date);
    await this.deps.poster.postOnce(summaryPurpose(date), channel, message);
    return recovered > 0 ? `${message.text}; ${recovered} replies recovered from the threads` : message.text;
  }

  private lastCatchUp = 0;
  private missedReply = false;

  /** A reply could not be recorded when it arrived (the database was down): catch up soon. */
  noteMissedReply(): void {
    this.missedReply = true;
  }

  /**
   * Between the summary and the close of the day, replies are read back from the threads every
   * ten minutes (at once after a reply could not be recorded), so that one that arrived while the
   * database was down is counted once it is back, and the summary shows it.
   */
  async catchUpReplies(): Promise<number> {
    const { config, clock } = this.deps;
    const now = clock.now();
    const date = localDate(now, config.timezone);
    const window = this.deps.config.standup;
    const opensAt = wallClockInstant(date, window.time, config.timezone).getTime() + window.durationMinutes * 60_000;
    if (now.getTime() < opensAt || this.isClosed(date)) return 0;
    if (!this.missedReply && now.getTime() - this.lastCatchUp < 10 * 60_000) return 0;
    this.lastCatchUp = now.getTime();
    this.missedReply = false;
    await this.fileMissingBlockers(date);
    const recovered = await this.reconcile(date);
    if (recovered > 0) await this.refreshSummary(date);
    return recovered;
  }

  /** After a late answer or an edit: the summary, if already posted, is updated in place. */
  async refreshSummary(date: string): Promise<void> {
    if ((await this.deps.repos.postedMessages.get(summaryPurpose(date))) === null) return;
    await this.deps.poster.updateIfPosted(summaryPurpose(date), await this.summaryMessage(date));
  }
}
