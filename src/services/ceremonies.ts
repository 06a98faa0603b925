import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Config, StreamConfig } from '../config/schema.js';
import type { Repositories } from '../db/index.js';
import { ceremonyDate, describeDate, sprintPositionOfDate, sprintWeek, type SprintPosition } from '../domain/calendar.js';
import { mergeRetro, parseRetro } from '../domain/retroParser.js';
import { chaosDrillOwner, chaosDrillStream } from '../domain/rituals/chaosDrill.js';
import type { Logger } from '../observability/logger.js';
import { channelId, type Directory } from '../domain/directory.js';
import { tsOf, type Messenger, type Presenters } from './ports.js';

export interface CeremonyDeps {
  config: Config;
  repos: Pick<Repositories, 'ceremonies' | 'standups'>;
  clock: Clock;
  directory: Directory;
  poster: Messenger;
  present: Presenters;
  slack: WebClient;
  logger: Logger;
}

const sprintRef = (p: SprintPosition) => ({ number: p.sprintNumber, startDate: p.startDate, endDate: p.endDate });

/** The weekly chaos drill, demo day, the day-14 retro and the sprint kickoff. */
export class CeremonyService {
  constructor(private readonly deps: CeremonyDeps) {}

  private position(date: string): SprintPosition {
    const p = sprintPositionOfDate(this.deps.config, date);
    if (p === null) throw new Error(`${date} is outside any sprint`);
    return p;
  }

  private mention(key: string): string {
    const id = this.deps.directory.people.get(key);
    return id === undefined ? (this.deps.config.people.find((p) => p.key === key)?.name ?? key) : `<@${id}>`;
  }

  private stream(key: string): StreamConfig {
    return this.deps.config.streams.find((s) => s.key === key) as StreamConfig;
  }

  private drillMessage(d: {
    week: number;
    streamKey: string;
    ownerKey: string;
    outcome: string | null;
    reportedBy: string | null;
    findings: string | null;
    followUps: string | null;
  }) {
    const stream = this.stream(d.streamKey);
    const report =
      d.outcome === null
        ? null
        : {
            outcome: d.outcome,
            by: d.reportedBy ? `<@${d.reportedBy}>` : 'someone',
            findings: d.findings ?? '',
            followUps: d.followUps ?? '',
          };
    return this.deps.present.chaosDrill({
      week: d.week,
      streamName: stream.name,
      owner: this.mention(d.ownerKey),
      checklist: this.deps.config.chaosDrill.checklist,
      report,
    });
  }

  /** Monday: the week's owner stream and person, the checklist and the Report button. */
  async chaosDrill(date: string): Promise<string> {
    const { config } = this.deps;
    const week = sprintWeek(config, date) as number;
    const streamKey = chaosDrillStream(config.chaosDrill.order, week);
    const stream = this.stream(streamKey);
    const ownerKey = chaosDrillOwner(config.chaosDrill.order, stream.members, week);
    const drill = await this.deps.repos.ceremonies.drill({
      sprint: sprintRef(this.position(date)),
      week,
      date,
      streamKey,
      ownerKey,
      at: this.deps.clock.now(),
    });
    await this.deps.poster.postOnce(`chaos-drill:${week}`, channelId(this.deps.directory, stream.channel), this.drillMessage(drill));
    return `week ${week}: ${streamKey}, owner ${drill.ownerKey}`;
  }

  /** Stores a chaos-drill report (the database only): the modal closes once it is stored. */
  async recordDrillReport(
    week: number,
    o: { outcome: string; findings: string; followUps: string; by: string },
  ): Promise<{ ok: boolean; text: string }> {
    const drill = await this.deps.repos.ceremonies.drillOfWeek(week);
    if (drill === null) return { ok: false, text: `There is no chaos drill for week ${week}.` };
    await this.deps.repos.ceremonies.reportDrill(week, { ...o, at: this.deps.clock.now() });
    return { ok: true, text: `Saved the week ${week} chaos drill report: ${o.outcome}.` };
  }

  /** The drill post shows its stored report (after the acknowledgement; again if it changed). */
  async showDrillReport(week: number): Promise<void> {
    const drill = await this.deps.repos.ceremonies.drillOfWeek(week);
    if (drill !== null) await this.deps.poster.updateIfChanged(`chaos-drill:${week}`, this.drillMessage(drill));
  }

  /** Friday: a DM to the owner if the week's drill has no report yet. */
  async chaosDrillReminder(date: string): Promise<string> {
    const week = sprintWeek(this.deps.config, date) as number;
    const drill = await this.deps.repos.ceremonies.drillOfWeek(week);
    if (drill === null) return `no drill was posted for week ${week}`;
    if (drill.outcome !== null) return `week ${week} already reported`;
    const owner = this.deps.directory.people.get(drill.ownerKey);
    if (owner === undefined) return `owner ${drill.ownerKey} has no Slack id`;
    await this.deps.poster.postIfNew(`chaos-drill-reminder:${week}`, owner, {
      text: `The week ${week} chaos drill (${this.stream(drill.streamKey).name}) has no report yet. Press *Report* on the drill post in <#${channelId(this.deps.directory, this.stream(drill.streamKey).channel)}> with the outcome, findings and follow-ups.`,
    });
    return `reminded ${drill.ownerKey}`;
  }

  /** What a stream finished this sprint so far: what its members reported as done in stand-ups. */
  private async finished(streamKey: string, p: SprintPosition, until: string): Promise<string[]> {
    const items = await this.deps.repos.standups.doneItems(streamKey, p.startDate, until);
    return [...new Map(items.map((i) => [i.toLowerCase(), i])).values()];
  }

  async demoPrep(date: string): Promise<string> {
    const p = this.position(date);
    const demo = ceremonyDate(this.deps.config, p.sprintNumber, this.deps.config.sprint.demoDay);
    for (const s of this.deps.config.streams) {
      const done = await this.finished(s.key, p, date);
      const text = `Demo day is ${describeDate(demo.date)}${s.demoSlot ? ` (${s.name} at ${s.demoSlot})` : ''}: prepare a short demo of what ${s.name} finished this sprint.`;
      await this.deps.poster.postOnce(
        `demo-prep:${p.sprintNumber}:${s.key}`,
        channelId(this.deps.directory, s.channel),
        this.deps.present.demoPrep({ text, done }),
      );
    }
    return `prep reminders for ${describeDate(demo.date)}`;
  }

  async demoDay(date: string): Promise<string> {
    const p = this.position(date);
    for (const s of this.deps.config.streams) {
      const done = await this.finished(s.key, p, date);
      const title = `Demo day agenda · ${s.sprintLabel} ${s.name}${s.demoSlot ? ` · ${s.demoSlot}` : ''}`;
      await this.deps.poster.postOnce(
        `demo-day:${p.sprintNumber}:${s.key}`,
        channelId(this.deps.directory, s.channel),
        this.deps.present.demoDay({ title, done }),
      );
    }
    return `agendas for ${this.deps.config.streams.length} streams`;
  }

  /** Day 14: the retro and planning thread in the cross-stream channel. */
  async retro(date: string): Promise<string> {
    const p = this.position(date);
    const channel = channelId(this.deps.directory, this.deps.config.channels.crossStream);
    const retro = await this.deps.repos.ceremonies.openRetro({ sprint: sprintRef(p), date, channelId: channel, at: this.deps.clock.now() });
    const text = `Sprint ${p.sprintNumber} retrospective and planning (${describeDate(p.startDate)} → ${describeDate(p.endDate)}). Reply in this thread.`;
    const posted = await this.deps.poster.postOnce(
      `retro:${p.sprintNumber}`,
      channel,
      this.deps.present.retro({ sprintNumber: p.sprintNumber, text, summaryAt: this.deps.config.ceremonies.retroSummaryAt }),
    );
    const ts = tsOf(posted, `retro:${p.sprintNumber}`);
    if (retro.threadTs !== ts) await this.deps.repos.ceremonies.setRetroThread(retro.id, ts);
    return `retro thread for sprint ${p.sprintNumber}`;
  }

  /** A reply in a retro thread; 'not-a-retro' when the thread is something else. */
  async retroReply(o: {
    channel: string;
    threadTs: string;
    ts: string;
    user: string;
    text: string;
  }): Promise<'not-a-retro' | 'closed' | 'saved'> {
    const retro = await this.deps.repos.ceremonies.retroByThread(o.channel, o.threadTs);
    if (retro === null) return 'not-a-retro';
    if (retro.closedAt !== null) return 'closed';
    await this.deps.repos.ceremonies.saveRetroAnswer({
      retroId: retro.id,
      slackUserId: o.user,
      ts: o.ts,
      text: o.text,
      at: this.deps.clock.now(),
      fold: (texts) => mergeRetro(texts.map(parseRetro)),
    });
    return 'saved';
  }

  async retroSummary(date: string): Promise<string> {
    const p = this.position(date);
    const retro = await this.deps.repos.ceremonies.retroOfSprint(p.sprintNumber);
    if (retro === null) return 'no retro thread was opened';
    // As for stand-ups, the thread in Slack is the truth: replies whose event was lost count too.
    if (retro.threadTs !== null && retro.closedAt === null) {
      for await (const m of this.deps.poster.readThread(retro.channelId, retro.threadTs)) {
        await this.retroReply({ channel: retro.channelId, threadTs: retro.threadTs, ts: m.ts, user: m.user, text: m.text });
      }
    }
    const answers = await this.deps.repos.ceremonies.retroAnswers(retro.id);
    const all = mergeRetro(answers.map((a) => a.content));
    const actions = (await this.deps.repos.ceremonies.openActions()).filter((a) => a.sprintNumber === p.sprintNumber);
    await this.deps.poster.postOnce(
      `retro-summary:${p.sprintNumber}`,
      retro.channelId,
      this.deps.present.retroSummary({
        sprintNumber: p.sprintNumber,
        answers: answers.length,
        wentWell: all.wentWell,
        didnt: all.didnt,
        actions,
      }),
    );
    await this.deps.repos.ceremonies.closeRetro(retro.id, this.deps.clock.now());
    return `${answers.length} answers, ${actions.length} actions`;
  }

  /** The first working day of a sprint: its dates and the retro actions still open. */
  async kickoff(date: string): Promise<string> {
    const p = this.position(date);
    const { config } = this.deps;
    const demo = ceremonyDate(config, p.sprintNumber, config.sprint.demoDay);
    const retro = ceremonyDate(config, p.sprintNumber, config.sprint.retroDay);
    const open = await this.deps.repos.ceremonies.openActions();
    await this.deps.poster.postOnce(
      `sprint-kickoff:${p.sprintNumber}`,
      channelId(this.deps.directory, config.channels.crossStream),
      this.deps.present.kickoff({
        sprintNumber: p.sprintNumber,
        dates: `${describeDate(p.startDate)} → ${describeDate(p.endDate)}`,
        calendar: `${describeDate(p.startDate)} → ${describeDate(p.endDate)} · demo day ${describeDate(demo.date)} · retro ${describeDate(retro.date)}`,
        open,
      }),
    );
    return `${open.length} open actions`;
  }
}
