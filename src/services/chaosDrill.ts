import { sprintWeek } from '../domain/calendar.js';
import { ok, refuse, type Result } from '../domain/result.js';
import { chaosDrillOwner, chaosDrillStream } from '../domain/rituals/chaosDrill.js';
import { channelId } from '../domain/directory.js';
import { CeremonyService, sprintRef } from './ceremonies.js';

/** The weekly chaos drill: the owner post with its Report button, the report, the Friday reminder. */
export class ChaosDrillService extends CeremonyService {
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

  /** The drill of a sprint week, or null. */
  drillOfWeek(week: number) {
    return this.deps.repos.ceremonies.drillOfWeek(week);
  }

  /** Stores a chaos-drill report (the database only): the modal closes once it is stored. */
  async recordDrillReport(week: number, o: { outcome: string; findings: string; followUps: string; by: string }): Promise<Result<string>> {
    const drill = await this.deps.repos.ceremonies.drillOfWeek(week);
    if (drill === null) return refuse('not-found', `There is no chaos drill for week ${week}.`);
    await this.deps.repos.ceremonies.reportDrill(week, { ...o, at: this.deps.clock.now() });
    return ok(`Saved the week ${week} chaos drill report: ${o.outcome}.`);
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
}
