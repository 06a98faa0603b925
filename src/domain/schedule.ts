import type { Config } from '../config/schema.js';
import {
  addDays,
  addMinutesToTime,
  ceremonyDate,
  describeDate,
  isWorkingDay,
  localDate,
  sprintPositionOfDate,
  sprintWeek,
  wallClockInstant,
  weekdayOf,
  weeklyDate,
} from './calendar.js';

/** Every scheduled job of DESIGN §3 (the every-minute escalation sweep is not a slot job). */
export const JOBS = [
  'sprint-kickoff',
  'digest',
  'tiger-crew',
  'demo-day',
  'standup-open',
  'standup-remind',
  'standup-summary',
  'chaos-drill',
  'retro',
  'demo-prep',
  'chaos-drill-reminder',
  'retro-summary',
] as const;
export type JobName = (typeof JOBS)[number];

export interface Slot {
  job: JobName;
  /** The instant the job is due. Its ISO form is the slot key: one run per (job, slot). */
  at: Date;
  /** Local date and wall-clock time in the sprint timezone. */
  date: string;
  time: string;
  sprintNumber: number;
  day: number;
  /** Why the slot is where it is when it moved, e.g. a ceremony on a weekend. */
  note?: string;
}

export type ScheduleConfig = Pick<
  Config,
  'timezone' | 'workingDays' | 'holidays' | 'sprint' | 'standup' | 'tigerCrew' | 'chaosDrill' | 'digest' | 'ceremonies'
>;

/**
 * How long after its instant a missed slot is still worth running; later it is skipped with a
 * reason. A stand-up prompt at 11:00 still collects answers; a reminder at 11:00 for a 09:10
 * nudge only annoys. Slots older than the runner's catch-up window are not looked at at all.
 */
export const STILL_USEFUL_MS: Record<JobName, number> = {
  'sprint-kickoff': 6 * 3600_000,
  'tiger-crew': 4 * 3600_000,
  'standup-open': 3 * 3600_000,
  'standup-remind': 1 * 3600_000,
  'standup-summary': 6 * 3600_000,
  'chaos-drill': 6 * 3600_000,
  'chaos-drill-reminder': 6 * 3600_000,
  'demo-prep': 4 * 3600_000,
  'demo-day': 3 * 3600_000,
  retro: 6 * 3600_000,
  'retro-summary': 6 * 3600_000,
  digest: 6 * 3600_000,
};

export function slotKey(at: Date): string {
  return at.toISOString();
}

/** The slots of one local date, in the order they happen. */
export function slotsOnDate(config: ScheduleConfig, date: string): Slot[] {
  const pos = sprintPositionOfDate(config, date);
  if (pos === null) return [];
  const out: Slot[] = [];
  const add = (job: JobName, time: string, note?: string) =>
    out.push({
      job,
      at: wallClockInstant(date, time, config.timezone),
      date,
      time,
      sprintNumber: pos.sprintNumber,
      day: pos.day,
      ...(note === undefined ? {} : { note }),
    });
  const working = isWorkingDay(config, date);

  // The first working day of each sprint opens with the kickoff (open retro actions).
  if (working) {
    let first = pos.startDate;
    while (!isWorkingDay(config, first) && first < pos.endDate) first = addDays(first, 1);
    if (first === date) add('sprint-kickoff', config.ceremonies.kickoffAt);
  }
  if (working) {
    add('tiger-crew', config.tigerCrew.announceAt);
    add('standup-open', config.standup.time);
    add('standup-remind', addMinutesToTime(config.standup.time, config.standup.reminderAfterMinutes));
    add('standup-summary', addMinutesToTime(config.standup.time, config.standup.durationMinutes));
  }

  if (weeklyDate(config, date, config.digest.day) === date) {
    add(
      'digest',
      config.digest.time,
      weekdayOf(date) === config.digest.day ? undefined : `moved from ${config.digest.day} (not a working day)`,
    );
  }
  if (weeklyDate(config, date, config.chaosDrill.day) === date && sprintWeek(config, date) !== null) {
    add(
      'chaos-drill',
      config.chaosDrill.time,
      weekdayOf(date) === config.chaosDrill.day ? undefined : `moved from ${config.chaosDrill.day} (not a working day)`,
    );
  }
  if (weeklyDate(config, date, config.chaosDrill.reportReminderDay) === date && weekdayOf(date) !== config.chaosDrill.day) {
    add('chaos-drill-reminder', config.chaosDrill.time);
  }

  const demo = ceremonyDate(config, pos.sprintNumber, config.sprint.demoDay);
  const movedNote = (c: { movedFrom?: string }, what: string) =>
    c.movedFrom === undefined ? undefined : `${what} moved from ${describeDate(c.movedFrom)} (not a working day)`;
  if (demo.date === date) add('demo-day', config.ceremonies.demoAgendaAt, movedNote(demo, 'demo day'));
  // Prep goes out on the working day before demo day, even across a weekend.
  let prep = addDays(demo.date, -1);
  while (!isWorkingDay(config, prep) && prep > pos.startDate) prep = addDays(prep, -1);
  if (prep === date && isWorkingDay(config, date)) add('demo-prep', config.ceremonies.demoPrepAt, movedNote(demo, 'demo day'));

  const retro = ceremonyDate(config, pos.sprintNumber, config.sprint.retroDay);
  if (retro.date === date) {
    add('retro', config.ceremonies.retroAt, movedNote(retro, 'retro'));
    add('retro-summary', config.ceremonies.retroSummaryAt, movedNote(retro, 'retro'));
  }
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
