import { DateTime } from 'luxon';

/** The part of the config the sprint calendar needs. */
export interface SprintCalendarConfig {
  timezone: string;
  sprint: { start: string; lengthDays: number; next: 'consecutive' | 'none' };
}

export interface SprintPosition {
  /** 1 = the configured sprint; 2, 3, … the consecutive ones after it. */
  sprintNumber: number;
  /** 1-based day within the sprint; day 1 is the start date. */
  day: number;
  lengthDays: number;
  /** ISO dates (sprint timezone) of the sprint's first and last day. */
  startDate: string;
  endDate: string;
  /** The local date of the instant. */
  date: string;
}

/** The local calendar date of an instant in the sprint timezone. */
export function localDate(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate() as string;
}

function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

/**
 * Where an instant falls in the chain of sprints: null before the first sprint starts, or after
 * it ends when sprints are not consecutive. Days are counted on local calendar dates, so a DST
 * change (a 23- or 25-hour day) never shifts the day number.
 */
export function sprintPosition(config: SprintCalendarConfig, instant: Date): SprintPosition | null {
  const date = localDate(instant, config.timezone);
  const offset = daysBetween(config.sprint.start, date);
  if (offset < 0) return null;
  const length = config.sprint.lengthDays;
  const index = Math.floor(offset / length);
  if (index > 0 && config.sprint.next === 'none') return null;
  const startDate = addDays(config.sprint.start, index * length);
  return {
    sprintNumber: index + 1,
    day: offset - index * length + 1,
    lengthDays: length,
    startDate,
    endDate: addDays(startDate, length - 1),
    date,
  };
}
