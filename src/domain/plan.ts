import { DateTime } from 'luxon';
import type { Config } from '../config/schema.js';
import { addDays, daysBetween, describeDate, isWorkingDay } from './calendar.js';
import { emptyRotation, rotateDay, type RotationState } from './rotation.js';
import { RITUALS } from './rituals/index.js';
import { slotsOnDate, type JobName } from './schedule.js';

export interface PlannedPost {
  date: string;
  /** Wall-clock time in the sprint timezone with its abbreviation, e.g. "09:00 PDT". */
  localTime: string;
  utc: string;
  job: JobName;
  /** A channel as written in the config, or "DM" for direct messages. */
  channel: string;
  preview: string;
  sprintNumber: number;
  day: number;
  note?: string;
}

/** Whether a person is on duty-capable ground that day: not inside one of their OOO ranges. */
export function isAvailable(config: Pick<Config, 'people'>, key: string, date: string): boolean {
  const person = config.people.find((p) => p.key === key);
  return person !== undefined && !person.ooo.some((r) => r.from <= date && date <= r.to);
}

/** Availability with the absences told to Paceline (/tiger ooo) as well as the configured ones. */
export function availableWith(
  config: Pick<Config, 'people'>,
  told: readonly { memberKey: string; from: string; to: string }[],
): (key: string, date: string) => boolean {
  return (key, date) => isAvailable(config, key, date) && !told.some((r) => r.memberKey === key && r.from <= date && date <= r.to);
}

/**
 * The Tiger Crew of every working day from the first sprint's start to `until`. Days already
 * decided (stored: announced, swapped, covered) are taken as they are; the others are computed,
 * so with nothing stored this is exactly what `plan` shows from the config alone.
 */
export function tigerCrews(
  config: Config,
  until: string,
  decided: ReadonlyMap<string, readonly string[]> = new Map(),
  available: (key: string, date: string) => boolean = (k, d) => isAvailable(config, k, d),
): Map<string, string[]> {
  const crews = new Map<string, string[]>();
  let state: RotationState = emptyRotation();
  // Counted, not compared as strings: past year 9999 ISO dates gain a sign and stop sorting.
  const span = daysBetween(config.sprint.start, until);
  for (let i = 0, d = config.sprint.start; i <= span; i++, d = addDays(d, 1)) {
    if (config.sprint.next === 'none' && daysBetween(config.sprint.start, d) >= config.sprint.lengthDays) break;
    if (!isWorkingDay(config, d) && !decided.has(d)) continue;
    const day = rotateDay(state, config.tigerCrew.pool, (k) => available(k, d), config.tigerCrew.size, d, decided.get(d));
    crews.set(d, day.crew);
    state = day.state;
  }
  return crews;
}

function names(config: Config, keys: readonly string[]): string {
  return keys.map((k) => config.people.find((p) => p.key === k)?.name ?? k).join(', ') || 'nobody available';
}

/** Every post Paceline will make from `from` for `days` days, computed from the config alone. */
export function planPosts(config: Config, from: string, days: number): PlannedPost[] {
  const until = addDays(from, days - 1);
  const crews = tigerCrews(config, until);
  const posts: PlannedPost[] = [];
  for (let i = 0, date = from; i < days; i++, date = addDays(date, 1)) {
    for (const slot of slotsOnDate(config, date)) {
      const at = DateTime.fromJSDate(slot.at, { zone: config.timezone });
      const base = {
        date,
        localTime: `${at.toFormat('HH:mm')} ${at.offsetNameShort ?? ''}`.trim(),
        utc: at.toUTC().toFormat("HH:mm'Z'"),
        job: slot.job,
        sprintNumber: slot.sprintNumber,
        day: slot.day,
        ...(slot.note === undefined ? {} : { note: slot.note }),
      };
      const dayOf = `day ${slot.day} of ${config.sprint.lengthDays}`;
      const crew = names(config, crews.get(date) ?? []);
      const ritual = RITUALS.find((r) => r.stillUsefulMs[slot.job] !== undefined);
      for (const p of ritual?.preview({ config, slot, dayOf, crew, names: (keys) => names(config, keys) }) ?? [])
        posts.push({ ...base, ...p });
    }
  }
  return posts;
}

export function formatPlanText(config: Config, from: string, days: number, posts: readonly PlannedPost[]): string {
  const until = addDays(from, days - 1);
  const lines = [`Paceline plan ${describeDate(from)} → ${describeDate(until)} (${config.timezone}), ${posts.length} posts`];
  let current = '';
  for (const p of posts) {
    if (p.date !== current) {
      current = p.date;
      lines.push('', `${describeDate(p.date)} · sprint ${p.sprintNumber} day ${p.day}`);
    }
    const note = p.note === undefined ? '' : ` (${p.note})`;
    lines.push(`  ${p.localTime.padEnd(9)} ${p.utc.padEnd(6)} ${p.job.padEnd(20)} ${p.channel.padEnd(22)} ${p.preview}${note}`);
  }
  return lines.join('\n');
}
