import { ceremonyDate, describeDate, type SprintPosition } from '../domain/calendar.js';
import { channelId } from '../domain/directory.js';
import { CeremonyService } from './ceremonies.js';

/** Day 7: the demo prep reminder and the agenda, listing what each stream finished. */
export class DemoService extends CeremonyService {
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
}
