import { ceremonyDate, describeDate } from '../domain/calendar.js';
import { channelId } from '../domain/directory.js';
import { CeremonyService } from './ceremonies.js';

/** The first working day of a sprint: its dates and the retro actions still open. */
export class KickoffService extends CeremonyService {
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
