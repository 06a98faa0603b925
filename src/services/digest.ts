// The Monday executive digest: gathers the facts of every stream from the database (work-item
// history, blockers, stand-ups, chaos drills, smoke runs, the changelog), lets the domain decide
// status, confidence and risks, and posts one message with one chart in the exec channel.
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { burndowns, type Burndown, type BurndownEvent } from '../domain/burndown.js';
import {
  addDays,
  describeDate,
  isWorkingDay,
  localDate,
  sprintDayDate,
  sprintPositionOfDate,
  sprintWeek,
  wallClockInstant,
  type SprintPosition,
  type SprintRef,
} from '../domain/calendar.js';
import {
  blockerWeek,
  describeDuration,
  streamDigest,
  topRisks,
  velocityTrend,
  type StreamDigest,
  type StreamFacts,
} from '../domain/digest.js';
import { channelId, type Directory } from '../domain/directory.js';
import { isEmptyContent } from '../domain/standupParser.js';
import { dailyThroughputs } from '../domain/throughput.js';
import type { WorkHistory } from '../domain/workItems.js';
import { velocities, type Completion } from '../domain/velocity.js';
import type { Logger } from '../observability/logger.js';
import type { DigestView, Messenger, OutgoingMessage, Presenters } from './ports.js';
import type { Stores } from './stores.js';

export interface DigestDeps {
  config: Config;
  repos: Pick<Stores, 'workItems' | 'blockers' | 'standups' | 'ceremonies' | 'changelog' | 'postedMessages'>;
  clock: Clock;
  directory: Directory;
  /** Absent where nothing is posted (`paceline digest --preview`). */
  poster?: Messenger;
  present: Presenters;
  logger: Logger;
  /** Whether a person was available on a date (configured absences and /tiger ooo). */
  availability: () => Promise<(key: string, date: string) => boolean>;
}

/** The digest of a date, before the chart is uploaded. */
export interface DigestComposition {
  view: Omit<DigestView, 'chartFileId' | 'late'>;
  /** Every stream's burndown and the total's. */
  burndowns: Burndown[];
  chart: { burndowns: Burndown[]; names: Map<string, string>; today: string; title: string };
}

// Streams drawn in the chart besides the total: a tall chart on a phone is still readable, a
// grid of fifty is not (the message lists the rest).
const CHART_STREAMS = 4;
// How long App Home reuses today's computed digest before computing it again.
const CACHE_MS = 10 * 60_000;
// How far the forecast looks past today for the P50 / P85 dates.
const HORIZON_WORKING_DAYS = 60;

export const digestPurpose = (date: string) => `digest:${date}`;
export const chartPurpose = (date: string) => `digest-chart:${date}`;

/** A seed from the date, so the digest of a date says the same wherever it is computed. */
function seedOf(date: string, index: number): number {
  return Number(date.replace(/-/g, '')) * 100 + index;
}

export class DigestService {
  constructor(private readonly deps: DigestDeps) {}

  /** The instant a date's digest describes: its slot (digest.time that day). */
  asOf(date: string): Date {
    return wallClockInstant(date, this.deps.config.digest.time, this.deps.config.timezone);
  }

  /**
   * The digest job: the chart uploaded once and the message posted once in the exec channel
   * (a rerun after a crash or on another replica finds both and updates the message in place).
   */
  async post(date: string, o: { lateByMs: number }): Promise<string> {
    const poster = this.deps.poster;
    if (poster === undefined) throw new Error('the digest is posted by the running app only');
    const composed = await this.compose(date, this.asOf(date));
    if (composed === null) return 'no sprint on this date';
    const png = await this.deps.present.burndownChart(composed.chart);
    const fileId = await poster.uploadOnce(chartPurpose(date), {
      data: png,
      title: composed.chart.title,
      altText: `Burndown of ${composed.chart.burndowns.length - 1} streams and their total`,
    });
    const late =
      o.lateByMs > 5 * 60_000
        ? `it was due at ${this.deps.config.digest.time} and Paceline was not running; the numbers are as of then`
        : null;
    const message = this.deps.present.digest({ ...composed.view, chartFileId: fileId, late });
    const channel = channelId(this.deps.directory, this.deps.config.channels[this.deps.config.digest.channel]);
    await poster.postOnce(digestPurpose(date), channel, message);
    return `${message.text}${fileId === null ? ' (without its chart: Slack refused the upload)' : ''}`;
  }

  /**
   * The message a date's digest has (or would have): the same numbers as the posted one, with the
   * chart it posted if there is one; and the chart's PNG. For `paceline digest --preview`.
   */
  async preview(date: string): Promise<{ message: OutgoingMessage; png: Uint8Array } | null> {
    const composed = await this.compose(date, this.asOf(date));
    if (composed === null) return null;
    const chart = await this.deps.repos.postedMessages.get(chartPurpose(date));
    return {
      message: this.deps.present.digest({ ...composed.view, chartFileId: chart?.ts ?? null, late: null }),
      png: await this.deps.present.burndownChart(composed.chart),
    };
  }

  /** The digest as of now, for one person (/sprint digest): no chart, nothing stored or posted. */
  async now(): Promise<OutgoingMessage | null> {
    const now = this.deps.clock.now();
    const composed = await this.compose(localDate(now, this.deps.config.timezone), now);
    if (composed === null) return null;
    return this.deps.present.digest({
      ...composed.view,
      title: `${composed.view.title} (preview, as of now)`,
      chartFileId: null,
      late: null,
    });
  }

  // Single flight: fifty people opening App Home at once share one computation and one chart
  // per stream, instead of fifty of each competing for the event loop (and delaying every
  // acknowledgement behind them).
  private cached: { date: string; at: number; value: Promise<DigestComposition | null> } | undefined;
  private readonly charts = new Map<string, Promise<string | null>>();

  /** Today's digest as of now, computed at most every CACHE_MS (App Home opens often). */
  private current(): { date: string; composed: Promise<DigestComposition | null> } {
    const now = this.deps.clock.now();
    const date = localDate(now, this.deps.config.timezone);
    const c = this.cached;
    if (c !== undefined && c.date === date && now.getTime() - c.at < CACHE_MS) return { date, composed: c.value };
    const value = this.compose(date, now);
    this.cached = { date, at: now.getTime(), value };
    // A failed computation is not kept: the next open tries again.
    value.catch(() => {
      if (this.cached?.value === value) this.cached = undefined;
    });
    return { date, composed: value };
  }

  /**
   * A person's stream on App Home: its line of the digest as of now and a small burndown chart
   * of it, uploaded once a day per stream. Null outside a sprint or for someone in no stream.
   */
  async streamPanel(memberKey: string): Promise<{ stream: DigestView['streams'][number]; chartFileId: string | null } | null> {
    // App Home shows the person's day first: a digest that cannot be computed or drawn right now
    // leaves the panel out rather than the whole tab unpublished.
    return this.panel(memberKey).catch((err: unknown) => {
      this.deps.logger.warn({ err, memberKey }, 'App Home shown without the stream panel: the digest could not be made');
      return null;
    });
  }

  private async panel(memberKey: string): Promise<{ stream: DigestView['streams'][number]; chartFileId: string | null } | null> {
    const index = this.deps.config.streams.findIndex((s) => s.members.includes(memberKey) || s.lead === memberKey);
    const stream = this.deps.config.streams[index];
    if (stream === undefined) return null;
    const { date, composed: pending } = this.current();
    const composed = await pending;
    const line = composed?.view.streams[index];
    if (composed === null || line === undefined) return null;
    const purpose = `home-chart:${date}:${stream.key}`;
    let chart = this.charts.get(purpose);
    if (chart === undefined) {
      chart = this.homeChart(purpose, stream, date, composed);
      // Keep this day's only; a failed upload is tried again at the next open.
      for (const key of this.charts.keys()) if (!key.startsWith(`home-chart:${date}:`)) this.charts.delete(key);
      this.charts.set(purpose, chart);
      chart.then(
        (id) => id === null && this.charts.delete(purpose),
        () => this.charts.delete(purpose),
      );
    }
    return { stream: line, chartFileId: await chart };
  }

  /** A stream's small chart for App Home: uploaded once a day (drawn only when not uploaded yet). */
  private async homeChart(
    purpose: string,
    stream: Config['streams'][number],
    date: string,
    composed: DigestComposition,
  ): Promise<string | null> {
    const poster = this.deps.poster;
    const mine = composed.burndowns.find((b) => b.streamKey === stream.key);
    if (poster === undefined || mine === undefined) return null;
    const uploaded = await this.deps.repos.postedMessages.get(purpose);
    if (uploaded?.ts != null) return uploaded.ts;
    const title = `${stream.name} · ${describeDate(date)}`;
    const png = await this.deps.present.burndownChart({ burndowns: [mine], names: composed.chart.names, today: date, title });
    return poster.uploadOnce(purpose, { data: png, title, altText: `Burndown of ${stream.name}` });
  }

  /** Everything the digest of `date` says, from what the database knew at `asOf`. */
  async compose(date: string, asOf: Date): Promise<DigestComposition | null> {
    const { config, repos } = this.deps;
    const p = sprintPositionOfDate(config, date);
    if (p === null) return null;
    const sprint: SprintRef = { number: p.sprintNumber, startDate: p.startDate, endDate: p.endDate };
    const names = new Map(config.streams.map((s) => [s.key, s.name]));
    const streamKeys = config.streams.map((s) => s.key);
    // The window the digest looks at: the throughput history and the sprints velocity compares.
    const firstSprint = Math.max(1, p.sprintNumber - config.digest.historySprints);
    const since = new Date(
      Math.min(
        wallClockInstant(sprintDayDate(config, firstSprint, 1), '00:00', config.timezone).getTime(),
        wallClockInstant(this.workingDaysBefore(date, config.digest.historyDays), '00:00', config.timezone).getTime(),
      ),
    );
    const history = await repos.workItems.history(since, firstSprint);
    const events: BurndownEvent[] = history.events.filter((e) => e.at <= asOf);
    const bds = burndowns({ events, sprint, calendar: config, today: date, streamKeys });
    const byStream = new Map(bds.map((b) => [b.streamKey, b]));
    const weekFrom = wallClockInstant(addDays(date, -7), '00:00', config.timezone);
    const weekTo = wallClockInstant(date, '00:00', config.timezone);
    const activity = (await repos.blockers.activity(weekFrom, asOf)).filter((a) => a.blocker.createdAt <= asOf);
    const standup = await this.participation(date);
    const drill = await this.lastDrill(date);
    const failedSmoke = await this.failedSmokeStreams(asOf);
    const velocity = this.velocity(p, events, history.items, date);

    const lastWorking = this.previousWorkingDay(date);
    // Never resample days from before Paceline's first record: they are unknown, not zero.
    const firstKnown = history.firstEventAt === null ? null : localDate(history.firstEventAt, config.timezone);
    const historyDays = firstKnown === null ? 0 : Math.min(config.digest.historyDays, this.workingDaysBetween(firstKnown, lastWorking));
    const daysAhead = this.workingDaysFrom(date, HORIZON_WORKING_DAYS);
    const deadline = this.lastWorkingDay(p);

    const throughput = dailyThroughputs({ events, streamKeys, calendar: config, through: lastWorking, days: historyDays });
    const digests: StreamDigest[] = config.streams.map((s, index) => {
      const days = byStream.get(s.key)?.days ?? [];
      const latest = [...days].reverse().find((d) => d.actual !== null)?.actual;
      const f: StreamFacts = {
        streamKey: s.key,
        streamName: s.name,
        lead: s.lead,
        // The baseline: the first working day's scope, which the ideal line starts from.
        scopeDay1: days[0]?.ideal ?? 0,
        scope: latest?.scope ?? 0,
        done: latest?.done ?? 0,
        throughput: throughput.get(s.key) ?? [],
        daysAhead,
        deadline,
        openBlockers: activity
          .filter((a) => a.blocker.streamKey === s.key && (a.blocker.resolvedAt === null || a.blocker.resolvedAt > asOf))
          .map((a) => ({
            number: a.blocker.number,
            owner: a.blocker.ownerSlackId,
            openedAt: a.blocker.createdAt,
            escalationLevel: a.blocker.escalationLevel,
            text: a.blocker.text,
          })),
        standup: standup.perStream.get(s.key) ?? { answered: 0, expected: 0 },
        chaosDrill: drill !== null && drill.streamKey === s.key ? { reported: drill.reportedAt !== null, outcome: drill.outcome } : null,
        smokeFailed: failedSmoke.has(s.key),
        handoffsIn: standup.handoffs
          .filter((h) => h.toStream === s.key && h.fromStream !== s.key)
          .map((h) => ({
            fromStreamName: names.get(h.fromStream) ?? h.fromStream,
            text: h.text,
            date: h.date,
          })),
      };
      return streamDigest(f, { now: asOf, thresholds: config.digest, seed: seedOf(date, index) });
    });

    const person = (key: string) => config.people.find((x) => x.key === key)?.name ?? key;
    const owner = (o: string) => this.deps.directory.people.get(o) ?? (o.startsWith('U') || o.startsWith('W') ? o : person(o));
    const total = byStream
      .get(null)
      ?.days.filter((d) => d.actual !== null)
      .at(-1)?.actual;
    const changelog = await repos.changelog.recordedBetween(weekFrom, weekTo);
    const blockers = blockerWeek(
      activity.map((a) => ({ ...a.blocker, escalations: a.escalations })),
      weekFrom,
      weekTo,
    );
    const title = `Executive digest · Sprint ${p.sprintNumber} · ${describeDate(date)}`;
    const view: DigestComposition['view'] = {
      title,
      sprintDay: `day ${p.day} of ${p.lengthDays}`,
      total: { done: total?.done ?? 0, remaining: total?.remaining ?? 0 },
      streams: digests.map((d, i) => {
        const s = config.streams[i] as Config['streams'][number];
        const fc = d.forecast;
        const v = velocity.get(s.key);
        return {
          name: s.name,
          status: d.status,
          done: d.done,
          remaining: d.remaining,
          probability: fc.kind === 'forecast' ? fc.probability : null,
          p50: fc.kind === 'forecast' && fc.p50 !== null ? describeDate(fc.p50) : null,
          p85: fc.kind === 'forecast' && fc.p85 !== null ? describeDate(fc.p85) : null,
          velocity: v?.trend ?? null,
          people: s.members.map((m) => ({ name: person(m), velocity: v?.people.get(m) ?? null })),
        };
      }),
      risks: topRisks(digests, 20).map((r) => ({ text: r.text, owner: owner(r.owner), streamName: names.get(r.streamKey) ?? r.streamKey })),
      changelog: changelog.map((c) => ({ title: c.title, url: c.url, streamName: names.get(c.streamKey) ?? c.streamKey })),
      blockers: {
        opened: blockers.opened,
        resolved: blockers.resolved,
        escalated: blockers.escalated,
        medianAck: blockers.medianAckMs === null ? null : describeDuration(blockers.medianAckMs),
        medianResolve: blockers.medianResolveMs === null ? null : describeDuration(blockers.medianResolveMs),
      },
      standup: [...standup.perStream.values()].reduce(
        (t, s) => ({ answered: t.answered + s.answered, expected: t.expected + s.expected }),
        {
          answered: 0,
          expected: 0,
        },
      ),
    };
    // The chart: the total, then the streams that most need a look.
    const order = digests
      .map((d, i) => ({ d, key: config.streams[i]?.key as string }))
      .sort((a, b) => attention(a.d) - attention(b.d))
      .slice(0, CHART_STREAMS)
      .map((x) => x.key);
    const chartBurndowns = [byStream.get(null) as Burndown, ...order.map((k) => byStream.get(k) as Burndown)];
    return { view, burndowns: bds, chart: { burndowns: chartBurndowns, names, today: date, title: `Burndown · Sprint ${p.sprintNumber}` } };
  }

  /**
   * Stand-up answers against those expected, per stream, on the working days of the last week;
   * and the handoffs the answers addressed to other streams.
   */
  private async participation(date: string): Promise<{
    perStream: Map<string, { answered: number; expected: number }>;
    handoffs: { fromStream: string; toStream: string; text: string; date: string }[];
  }> {
    const available = await this.deps.availability();
    const out = new Map(this.deps.config.streams.map((s) => [s.key, { answered: 0, expected: 0 }]));
    const handoffs: { fromStream: string; toStream: string; text: string; date: string }[] = [];
    for (let d = addDays(date, -7); d < date; d = addDays(d, 1)) {
      if (!isWorkingDay(this.deps.config, d)) continue;
      const runs = await this.deps.repos.standups.runsOn(d);
      if (runs.length === 0) continue;
      const answers = await this.deps.repos.standups.answersOn(d);
      for (const a of answers)
        for (const h of a.content.handoffs)
          if (h.toStream !== null) handoffs.push({ fromStream: a.streamKey, toStream: h.toStream, text: h.text, date: d });
      for (const s of this.deps.config.streams) {
        // A day Paceline opened no stand-up for the stream is not held against it.
        if (!runs.some((r) => r.streamKey === s.key)) continue;
        const expected = s.members.filter((m) => available(m, d));
        const answered = new Set(answers.filter((a) => a.streamKey === s.key && !isEmptyContent(a.content)).map((a) => a.memberKey));
        const t = out.get(s.key) as { answered: number; expected: number };
        t.expected += expected.length;
        t.answered += expected.filter((m) => answered.has(m)).length;
      }
    }
    return { perStream: out, handoffs };
  }

  /** Last week's chaos drill (held before today), or null. */
  private async lastDrill(date: string) {
    const week = sprintWeek(this.deps.config, addDays(date, -7));
    if (week === null) return null;
    const drill = await this.deps.repos.ceremonies.drillOfWeek(week);
    return drill !== null && drill.date < date ? drill : null;
  }

  /** Streams whose repository's latest smoke run (as of the instant) did not pass. */
  private async failedSmokeStreams(asOf: Date): Promise<Set<string>> {
    const repos = this.deps.config.tracker.github?.repositories ?? {};
    const out = new Set<string>();
    for (const run of await this.deps.repos.changelog.latestSmokeRuns(asOf)) {
      const stream = repos[run.repository];
      if (stream !== undefined && run.conclusion !== 'success') out.add(stream);
    }
    return out;
  }

  /** Per stream: the velocity trend against the earlier sprints, and this sprint's per person. */
  private velocity(
    p: SprintPosition,
    events: readonly BurndownEvent[],
    items: WorkHistory['items'],
    date: string,
  ): Map<string, { trend: string | null; people: Map<string, number | null> }> {
    const { config } = this.deps;
    const sprints: SprintRef[] = [];
    for (let n = Math.max(1, p.sprintNumber - config.digest.historySprints); n <= p.sprintNumber; n++) {
      const at = sprintPositionOfDate(config, addDays(config.sprint.start, (n - 1) * config.sprint.lengthDays));
      if (at !== null) sprints.push({ number: n, startDate: at.startDate, endDate: at.endDate });
    }
    const assignee = new Map(items.map((i) => [i.identifier, i.assignee]));
    const completions = completionsOf(events, assignee);
    const estimatedWork = new Map<number, Set<string>>();
    for (const i of items)
      if (i.sprintNumber !== null && i.points !== null && i.assignee !== null)
        estimatedWork.set(i.sprintNumber, (estimatedWork.get(i.sprintNumber) ?? new Set()).add(i.assignee));
    const v = velocities({
      completions,
      estimatedWork,
      sprints,
      streamKeys: config.streams.map((s) => s.key),
      people: config.people.map((x) => x.key),
      calendar: config,
      // Today has barely started at the digest's hour: this sprint's velocity counts the days done.
      through: addDays(date, -1),
    });
    const current = v.at(-1);
    const earlier = v.slice(0, -1);
    return new Map(
      config.streams.map((s) => [
        s.key,
        {
          trend:
            current === undefined
              ? null
              : velocityTrend(
                  earlier.map((e) => e.perStream.get(s.key) ?? 0),
                  current.perStream.get(s.key) ?? 0,
                ),
          people: new Map(s.members.map((m) => [m, current?.perPerson.get(m) ?? null])),
        },
      ]),
    );
  }

  private previousWorkingDay(date: string): string {
    let d = addDays(date, -1);
    for (let i = 0; i < 30 && !isWorkingDay(this.deps.config, d); i++) d = addDays(d, -1);
    return d;
  }

  /** The working day `count` working days before `date`. */
  private workingDaysBefore(date: string, count: number): string {
    let d = date;
    for (let n = 0, guard = 0; n < count && guard < count * 3 + 14; guard++) {
      d = addDays(d, -1);
      if (isWorkingDay(this.deps.config, d)) n += 1;
    }
    return d;
  }

  private workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(this.deps.config, d)) n += 1;
    return n;
  }

  private workingDaysFrom(date: string, count: number): string[] {
    const out: string[] = [];
    for (let d = date, guard = 0; out.length < count && guard < count * 3; d = addDays(d, 1), guard++)
      if (isWorkingDay(this.deps.config, d)) out.push(d);
    return out;
  }

  /** The sprint's last working day (its deadline); its end date when it has none. */
  private lastWorkingDay(p: SprintPosition): string {
    for (let d = p.endDate; d >= p.startDate; d = addDays(d, -1)) if (isWorkingDay(this.deps.config, d)) return d;
    return p.endDate;
  }
}

/** Worst first, as the chart orders the streams it draws. */
function attention(d: StreamDigest): number {
  const rank = ['off track', 'at risk', 'not enough history', 'on track', 'done'].indexOf(d.status);
  return rank * 2 + (d.forecast.kind === 'forecast' ? d.forecast.probability : 1);
}

/** Each move to completed, with the item's points and stream at that moment (a reopen takes them back). */
export function completionsOf(events: readonly BurndownEvent[], assignee: ReadonlyMap<string, string | null>): Completion[] {
  const points = new Map<string, number | null>();
  const stream = new Map<string, string | null>();
  const out: Completion[] = [];
  for (const e of events) {
    if (e.kind === 'points') points.set(e.identifier, e.to === null ? null : Number(e.to));
    else if (e.kind === 'stream') stream.set(e.identifier, e.to);
    else if (e.kind === 'state' && e.to === 'completed')
      out.push({
        identifier: e.identifier,
        points: points.get(e.identifier) ?? null,
        at: e.at,
        streamKey: stream.get(e.identifier) ?? null,
        assignee: assignee.get(e.identifier) ?? null,
      });
    else if (e.kind === 'state' && e.from === 'completed') {
      const i = out.findLastIndex((c) => c.identifier === e.identifier);
      if (i >= 0) out.splice(i, 1);
    }
  }
  return out;
}
