// The sprint burndown, per stream and for all streams together, from the append-only history of
// work-item events. Pure: events and the sprint's calendar in, one point per day out. Each day is
// the state as of that day's end in the sprint time zone; scope added or removed after the first
// working day (day 1, or the Monday of a sprint that starts on a weekend) is a series of its own
// instead of hiding in "remaining".
import { addDays, isWorkingDay, wallClockInstant, type CalendarConfig, type SprintRef } from './calendar.js';
import type { WorkItemChangeKind } from './workItems.js';

export interface BurndownEvent {
  identifier: string;
  kind: WorkItemChangeKind;
  from: string | null;
  to: string | null;
  at: Date;
}

export interface BurndownActual {
  /** Points in the sprint at the day's end (canceled and deleted work excluded). */
  scope: number;
  done: number;
  remaining: number;
  /** Points that entered the scope after the baseline day (new items, raised estimates), so far. */
  added: number;
  /** Points that left it after the baseline day (items removed or canceled, lowered estimates), so far. */
  removed: number;
}

export interface BurndownDay {
  date: string;
  /** From the baseline scope (the first working day's) to zero on the last working day; flat on days off. */
  ideal: number;
  /** Null for days after today. */
  actual: BurndownActual | null;
}

export interface Burndown {
  /** Null: all streams together. */
  streamKey: string | null;
  /** The baseline day (the sprint's first working day): the days before it are before the plan. */
  baseline: string;
  days: BurndownDay[];
}

interface ItemState {
  sprint: string | null;
  points: number;
  state: string | null;
  stream: string | null;
}

const contribution = (i: ItemState, sprint: string) => (i.sprint === sprint && i.state !== 'canceled' ? i.points : 0);

export function burndowns(o: {
  events: readonly BurndownEvent[];
  sprint: SprintRef;
  calendar: Pick<CalendarConfig, 'timezone' | 'workingDays' | 'holidays'>;
  /** The last day with actual values (today, in the sprint time zone). */
  today: string;
  streamKeys: readonly string[];
}): Burndown[] {
  const sprint = String(o.sprint.number);
  const events = [...o.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const items = new Map<string, ItemState>();
  const dates: string[] = [];
  for (let d = o.sprint.startDate; d <= o.sprint.endDate; d = addDays(d, 1)) dates.push(d);
  const working = dates.filter((d) => isWorkingDay(o.calendar, d));
  // The baseline is the scope at the end of the sprint's first working day: a sprint that starts
  // on a Saturday (the playbook's does) is planned on the Monday, and work added then is the plan,
  // not growth.
  const base = Math.max(
    0,
    dates.findIndex((d) => isWorkingDay(o.calendar, d)),
  );

  type Totals = BurndownActual;
  const blank = (): Totals => ({ scope: 0, done: 0, remaining: 0, added: 0, removed: 0 });
  const keys = [...o.streamKeys, null] as (string | null)[];
  const perDay: Map<string | null, Totals>[] = [];
  let next = 0;
  let previous = new Map<string, number>(); // item → its contribution at the previous day's end
  const added = new Map<string | null, number>(keys.map((k) => [k, 0]));
  const removed = new Map<string | null, number>(keys.map((k) => [k, 0]));

  for (const [index, date] of dates.entries()) {
    if (date > o.today) break;
    const end = wallClockInstant(addDays(date, 1), '00:00', o.calendar.timezone);
    for (; next < events.length && (events[next] as BurndownEvent).at < end; next++) {
      const e = events[next] as BurndownEvent;
      const item = items.get(e.identifier) ?? { sprint: null, points: 0, state: null, stream: null };
      if (e.kind === 'added') item.sprint = e.to;
      else if (e.kind === 'removed') item.sprint = e.to;
      else if (e.kind === 'points') item.points = e.to === null ? 0 : Number(e.to);
      else if (e.kind === 'state') item.state = e.to;
      else if (e.kind === 'stream') item.stream = e.to;
      items.set(e.identifier, item);
    }
    const totals = new Map<string | null, Totals>(keys.map((k) => [k, blank()]));
    const now = new Map<string, number>();
    for (const [id, item] of items) {
      const points = contribution(item, sprint);
      now.set(id, points);
      for (const k of [item.stream, null]) {
        const t = k === null || o.streamKeys.includes(k) ? totals.get(k) : undefined;
        if (t === undefined) continue;
        t.scope += points;
        if (item.state === 'completed') t.done += points;
        // Changes after the baseline day are scope changes, counted where the item is now.
        if (index > base) {
          const delta = points - (previous.get(id) ?? 0);
          if (delta > 0) added.set(k, (added.get(k) ?? 0) + delta);
          if (delta < 0) removed.set(k, (removed.get(k) ?? 0) - delta);
        }
      }
    }
    for (const [k, t] of totals) {
      t.remaining = t.scope - t.done;
      t.added = added.get(k) ?? 0;
      t.removed = removed.get(k) ?? 0;
    }
    perDay.push(totals);
    previous = now;
  }

  return keys.map((k) => {
    const start = perDay[base]?.get(k)?.scope ?? perDay.at(-1)?.get(k)?.scope ?? 0;
    let idealNow = start;
    const days = dates.map((date, i) => {
      // Linear over working days: the baseline scope at the first working day, zero at the last.
      const k1 = working.filter((w) => w <= date).length;
      if (isWorkingDay(o.calendar, date) && working.length > 1) idealNow = start * (1 - (Math.max(k1, 1) - 1) / (working.length - 1));
      const actual = perDay[i]?.get(k) ?? null;
      return { date, ideal: Math.round(idealNow * 100) / 100, actual: actual === null ? null : { ...actual } };
    });
    return { streamKey: k, baseline: dates[base] as string, days };
  });
}
