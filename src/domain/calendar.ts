import { DateTime } from 'luxon';
import type { Config, Weekday } from '../config/schema.js';

/** The part of the config the sprint calendar needs. */
export type CalendarConfig = Pick<Config, 'timezone' | 'workingDays' | 'holidays'> & {
  sprint: Pick<Config['sprint'], 'start' | 'lengthDays' | 'next'> & Partial<Pick<Config['sprint'], 'ceremonyOnNonWorkingDay'>>;
};
/** What sprint positions need: the zone and the sprint chain. */
export type SprintCalendarConfig = Pick<CalendarConfig, 'timezone'> & { sprint: Pick<Config['sprint'], 'start' | 'lengthDays' | 'next'> };

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

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The local calendar date of an instant in the sprint timezone. */
export function localDate(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate() as string;
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

export function weekdayOf(isoDate: string): Weekday {
  return WEEKDAYS[DateTime.fromISO(isoDate, { zone: 'UTC' }).weekday - 1] as Weekday;
}

/** Short human form for posts and the plan: "Fri 2025-10-10". */
export function describeDate(isoDate: string): string {
  const wd = weekdayOf(isoDate);
  return `${wd.charAt(0).toUpperCase()}${wd.slice(1)} ${isoDate}`;
}

export function isWorkingDay(cal: Pick<CalendarConfig, 'workingDays' | 'holidays'>, isoDate: string): boolean {
  return cal.workingDays.includes(weekdayOf(isoDate)) && !cal.holidays.includes(isoDate);
}

/**
 * Where an instant falls in the chain of sprints: null before the first sprint starts, or after
 * it ends when sprints are not consecutive. Days are counted on local calendar dates, so a DST
 * change (a 23- or 25-hour day) never shifts the day number.
 */
export function sprintPosition(config: SprintCalendarConfig, instant: Date): SprintPosition | null {
  return sprintPositionOfDate(config, localDate(instant, config.timezone));
}

export function sprintPositionOfDate(config: Pick<SprintCalendarConfig, 'sprint'>, date: string): SprintPosition | null {
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

/** The calendar date of day `day` of sprint `sprintNumber`. */
export function sprintDayDate(config: Pick<SprintCalendarConfig, 'sprint'>, sprintNumber: number, day: number): string {
  return addDays(config.sprint.start, (sprintNumber - 1) * config.sprint.lengthDays + day - 1);
}

export interface CeremonyDate {
  date: string;
  /** Set when the ceremony's nominal day was not a working day and it moved. */
  movedFrom?: string;
}

/**
 * The date a ceremony (demo day, retro) is held: its nominal sprint day, moved to the previous
 * or next working day when that day is a weekend or holiday (per the config). The search stays
 * inside the sprint; if the whole direction has no working day, the other direction is tried.
 */
export function ceremonyDate(cal: CalendarConfig, sprintNumber: number, day: number): CeremonyDate {
  const nominal = sprintDayDate(cal, sprintNumber, day);
  const rule = cal.sprint.ceremonyOnNonWorkingDay ?? 'previous-working-day';
  if (rule === 'keep' || isWorkingDay(cal, nominal)) return { date: nominal };
  const first = sprintDayDate(cal, sprintNumber, 1);
  const last = sprintDayDate(cal, sprintNumber, cal.sprint.lengthDays);
  const directions = rule === 'previous-working-day' ? [-1, 1] : [1, -1];
  for (const step of directions) {
    for (let d = addDays(nominal, step); d >= first && d <= last; d = addDays(d, step)) {
      if (isWorkingDay(cal, d)) return { date: d, movedFrom: nominal };
    }
  }
  return { date: nominal };
}

/**
 * The sprint week of a date, counted across consecutive sprints (1 = the first week of the
 * first sprint), so a weekly rotation such as the chaos drill keeps cycling from sprint to
 * sprint. A sprint whose length is not a multiple of 7 ends its last week early.
 */
export function sprintWeek(config: Pick<SprintCalendarConfig, 'sprint'>, date: string): number | null {
  const pos = sprintPositionOfDate(config, date);
  if (pos === null) return null;
  const weeksPerSprint = Math.ceil(config.sprint.lengthDays / 7);
  return (pos.sprintNumber - 1) * weeksPerSprint + Math.floor((pos.day - 1) / 7) + 1;
}

/**
 * The first working day on or after the given weekday in the week of `date` (weeks start on
 * Monday); null when none is left in that week. A weekly post whose day is a holiday moves to
 * the next working day of the same week instead of disappearing.
 */
export function weeklyDate(cal: Pick<CalendarConfig, 'workingDays' | 'holidays'>, weekOf: string, day: Weekday): string | null {
  const monday = addDays(weekOf, -WEEKDAYS.indexOf(weekdayOf(weekOf)));
  for (let i = WEEKDAYS.indexOf(day); i < 7; i++) {
    const d = addDays(monday, i);
    if (isWorkingDay(cal, d)) return d;
  }
  return null;
}

/**
 * The instant a wall-clock time happens on a local date. DST-correct: a time that does not
 * exist (spring forward) happens at the first valid minute after the gap; a time that happens
 * twice (fall back) happens once, at its first occurrence.
 */
export function wallClockInstant(isoDate: string, time: string, timezone: string): Date {
  const requested = `${isoDate}T${time}`;
  const local = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm");
  let dt = DateTime.fromISO(requested, { zone: timezone });
  if (local(dt) !== requested) {
    // Inside a gap: luxon pushed the time forward by the gap's size; walk back to the gap's end.
    for (;;) {
      const prev = dt.minus({ minutes: 1 });
      if (local(prev) >= requested) dt = prev;
      else break;
    }
    return dt.toJSDate();
  }
  for (const back of [30, 60, 120]) {
    const earlier = dt.minus({ minutes: back });
    if (local(earlier) === requested) dt = earlier;
  }
  return dt.toJSDate();
}

/** Adds minutes to a wall-clock "HH:MM" (for +N-minute jobs); stays within the day. */
export function addMinutesToTime(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = Math.min(h * 60 + m + minutes, 23 * 60 + 59);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export interface SprintRef {
  number: number;
  startDate: string;
  endDate: string;
}
