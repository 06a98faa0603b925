import type { Config } from '../config/schema.js';
import { addDays, isWorkingDay, localDate, sprintPositionOfDate, wallClockInstant } from './calendar.js';
import { RITUALS } from './rituals/index.js';

export { JOBS, type JobName, type Slot } from './jobs.js';
import { JOBS, type JobName, type Slot } from './jobs.js';

export type ScheduleConfig = Pick<
  Config,
  'timezone' | 'workingDays' | 'holidays' | 'sprint' | 'standup' | 'tigerCrew' | 'chaosDrill' | 'digest' | 'ceremonies'
>;

/**
 * How long after its instant a missed slot is still worth running; later it is skipped with a
 * reason. Each ritual says it for its own jobs (domain/rituals). Slots older than the runner's
 * catch-up window are not looked at at all.
 */
export const STILL_USEFUL_MS = Object.assign({}, ...RITUALS.map((r) => r.stillUsefulMs)) as Record<JobName, number>;

export function slotKey(at: Date): string {
  return at.toISOString();
}

/** The slots of one local date, in the order they happen: what each ritual asks for that day. */
export function slotsOnDate(config: ScheduleConfig, date: string): Slot[] {
  const position = sprintPositionOfDate(config, date);
  if (position === null) return [];
  const day = { config, date, position, working: isWorkingDay(config, date) };
  const out: Slot[] = RITUALS.flatMap((r) =>
    r.slots(day).map((s) => ({
      job: s.job,
      at: wallClockInstant(date, s.time, config.timezone),
      date,
      time: s.time,
      sprintNumber: position.sprintNumber,
      day: position.day,
      ...(s.note === undefined ? {} : { note: s.note }),
    })),
  );
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || JOBS.indexOf(a.job) - JOBS.indexOf(b.job));
}

/**
 * Every slot due in (from, to]: the runner's question each minute and after downtime.
 * `onDate` lets a caller that asks every minute reuse the slots of a date it already computed.
 */
export function slotsBetween(
  config: ScheduleConfig,
  from: Date,
  to: Date,
  onDate: (date: string) => Slot[] = (date) => slotsOnDate(config, date),
): Slot[] {
  if (to <= from) return [];
  const out: Slot[] = [];
  // Local dates can straddle UTC dates; one day of margin on each side covers every zone.
  const last = addDays(localDate(to, config.timezone), 1);
  for (let d = addDays(localDate(from, config.timezone), -1); d <= last; d = addDays(d, 1)) {
    for (const s of onDate(d)) if (s.at > from && s.at <= to) out.push(s);
  }
  return out;
}
