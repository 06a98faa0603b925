// A stream's daily throughput: points completed on each working day, zero days included, as the
// delivery forecast resamples it. Pure: work-item events and the calendar in.
import { addDays, isWorkingDay, localDate, type CalendarConfig } from './calendar.js';
import type { BurndownEvent } from './burndown.js';

interface Window {
  events: readonly BurndownEvent[];
  calendar: Pick<CalendarConfig, 'timezone' | 'workingDays' | 'holidays'>;
  through: string;
  days: number;
}

/**
 * Points completed per working day over the `days` working days up to and including `through`
 * (oldest first), for each stream asked for (null: all streams together), in one pass over the
 * events. An item counts on the day it moved to completed, with its points then, for the stream
 * it belonged to then; reopened work takes its points back on the day it reopened.
 */
export function dailyThroughputs(o: Window & { streamKeys: readonly (string | null)[] }): Map<string | null, number[]> {
  const wanted: string[] = [];
  for (let d = o.through, guard = 0; wanted.length < o.days && guard < o.days * 3 + 14; d = addDays(d, -1), guard++)
    if (isWorkingDay(o.calendar, d)) wanted.unshift(d);
  const index = new Map(wanted.map((d, i) => [d, i]));
  const out = new Map(o.streamKeys.map((k) => [k, wanted.map(() => 0)]));
  const points = new Map<string, number>();
  const stream = new Map<string, string | null>();
  for (const e of [...o.events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (e.kind === 'points') points.set(e.identifier, e.to === null ? 0 : Number(e.to));
    else if (e.kind === 'stream') stream.set(e.identifier, e.to);
    else if (e.kind === 'state' && (e.to === 'completed' || e.from === 'completed')) {
      const day = localDate(e.at, o.calendar.timezone);
      const i = index.get(day);
      if (i === undefined) continue; // a day off or outside the window
      const p = (points.get(e.identifier) ?? 0) * (e.to === 'completed' ? 1 : -1);
      const own = stream.get(e.identifier) ?? null;
      const series = own === null ? undefined : out.get(own);
      if (series !== undefined) series[i] = (series[i] as number) + p;
      const total = out.get(null);
      if (total !== undefined) total[i] = (total[i] as number) + p;
    }
  }
  return out;
}

/** One stream's (or, with null, all streams') points completed per working day; see dailyThroughputs. */
export function dailyThroughput(o: Window & { streamKey: string | null }): number[] {
  return dailyThroughputs({ ...o, streamKeys: [o.streamKey] }).get(o.streamKey) as number[];
}
