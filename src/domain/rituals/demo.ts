import { addDays, ceremonyDate, describeDate, isWorkingDay } from '../calendar.js';
import type { Ritual } from './ritual.js';

const movedNote = (c: { movedFrom?: string }, what: string) =>
  c.movedFrom === undefined ? {} : { note: `${what} moved from ${describeDate(c.movedFrom)} (not a working day)` };

/** Day 7 demos: the prep reminder the working day before, the agenda on the day. */
export const demo: Ritual = {
  name: 'demo',
  stillUsefulMs: { 'demo-prep': 4 * 3600_000, 'demo-day': 3 * 3600_000 },
  slots: ({ config, date, position }) => {
    const out: { job: 'demo-day' | 'demo-prep'; time: string; note?: string }[] = [];
    const day = ceremonyDate(config, position.sprintNumber, config.sprint.demoDay);
    if (day.date === date) out.push({ job: 'demo-day', time: config.ceremonies.demoAgendaAt, ...movedNote(day, 'demo day') });
    // Prep goes out on the working day before demo day, even across a weekend.
    let prep = addDays(day.date, -1);
    while (!isWorkingDay(config, prep) && prep > position.startDate) prep = addDays(prep, -1);
    if (prep === date && isWorkingDay(config, date))
      out.push({ job: 'demo-prep', time: config.ceremonies.demoPrepAt, ...movedNote(day, 'demo day') });
    return out;
  },
  preview: ({ config, slot }) => {
    if (slot.job === 'demo-prep') {
      const on = describeDate(ceremonyDate(config, slot.sprintNumber, config.sprint.demoDay).date);
      return config.streams.map((s) => ({ channel: s.channel, preview: `demo prep: ${s.name} demos on ${on}; list what you will show` }));
    }
    return config.streams.map((s) => ({
      channel: s.channel,
      preview: `demo day agenda for ${s.name}${s.demoSlot ? ` (slot ${s.demoSlot})` : ''}: what the stream finished this sprint`,
    }));
  },
};
