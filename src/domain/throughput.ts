// A stream's daily throughput: points completed on each working day, zero days included, as the
// delivery forecast resamples it. Pure: work-item events and the calendar in.
import { addDays, isWorkingDay, localDate, type CalendarConfig } from './calendar.js';
import type { BurndownEvent } from './burndown.js';

/**
 * Points completed per working day over the `days` working days up to and including `through`
 * (oldest first). An item counts on the day it moved to completed, with its points then, for the
 * stream it belonged to then; reopened work takes its points back on the day it reopened.
 */
export function dailyThroughput(o: {
  events: readonly BurndownEvent[];
  streamKey: string | null;
  calendar: Pick<CalendarConfig, 'timezone' | 'workingDays' | 'holidays'>;
  through: string;
  days: number;
}): number[] {
  const wanted: string[] = [];
  for (let d = o.through, guard = 0; wanted.length < o.days && guard < o.days * 3 + 14; d = addDays(d, -1), guard++)
    if (isWorkingDay(o.calendar, d)) wanted.unshift(d);
  const perDay = new Map(wanted.map((d) => [d, 0]));
  const points = new Map<string, number>();
  const stream = new Map<string, string | null>();
  for (const e of [...o.events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (e.kind === 'points') points.set(e.identifier, e.to === null ? 0 : Number(e.to));
    else if (e.kind === 'stream') stream.set(e.identifier, e.to);
    else if (e.kind === 'state' && (e.to === 'completed' || e.from === 'completed')) {
      if (o.streamKey !== null && stream.get(e.identifier) !== o.streamKey) continue;
      const day = localDate(e.at, o.calendar.timezone);
      const total = perDay.get(day);
      if (total === undefined) continue; // a day off or outside the window
      const p = points.get(e.identifier) ?? 0;
      perDay.set(day, total + (e.to === 'completed' ? p : -p));
    }
  }
  return wanted.map((d) => perDay.get(d) ?? 0);
}
