// Velocity: points completed per working day, per stream and per person, sprint by sprint. Pure.
import { addDays, isWorkingDay, localDate, type CalendarConfig, type SprintRef } from './calendar.js';

export interface Completion {
  identifier: string;
  /** Points when it completed (null: unestimated). */
  points: number | null;
  at: Date;
  streamKey: string | null;
  /** Config key of the assignee, or null. */
  assignee: string | null;
}

export interface SprintVelocity {
  sprint: number;
  /** Working days counted: the sprint's, up to `through` for the current one. */
  workingDays: number;
  perStream: Map<string, number>;
  /** null ("—"): the person completed no estimated work in the sprint, which is not the same as zero. */
  perPerson: Map<string, number | null>;
}

/**
 * Points completed per working day in each sprint (oldest first), per stream and per person.
 * A person who had estimate-bearing work in the sprint but finished none shows 0; one with no
 * estimated work at all shows null.
 */
export function velocities(o: {
  completions: readonly Completion[];
  /** People with estimated work assigned in each sprint (sprint number → person keys). */
  estimatedWork: ReadonlyMap<number, ReadonlySet<string>>;
  sprints: readonly SprintRef[];
  streamKeys: readonly string[];
  people: readonly string[];
  calendar: Pick<CalendarConfig, 'timezone' | 'workingDays' | 'holidays'>;
  through: string;
}): SprintVelocity[] {
  // Each completion's local day, once (the time-zone conversion is the costly part).
  const days = o.completions.map((c) => localDate(c.at, o.calendar.timezone));
  return o.sprints.map((s) => {
    let workingDays = 0;
    for (let d = s.startDate; d <= s.endDate && d <= o.through; d = addDays(d, 1)) if (isWorkingDay(o.calendar, d)) workingDays += 1;
    // One pass over the completions, summed by stream and by person (a thousand people and tens
    // of thousands of completions must not multiply).
    const byStream = new Map<string, number>();
    const byPerson = new Map<string, number>();
    const finished = new Set<string>();
    for (const [i, c] of o.completions.entries()) {
      if (c.points === null) continue;
      const day = days[i] as string;
      if (day < s.startDate || day > s.endDate || day > o.through) continue;
      if (c.streamKey !== null) byStream.set(c.streamKey, (byStream.get(c.streamKey) ?? 0) + c.points);
      if (c.assignee !== null) {
        byPerson.set(c.assignee, (byPerson.get(c.assignee) ?? 0) + c.points);
        finished.add(c.assignee);
      }
    }
    const per = (n: number) => (workingDays === 0 ? 0 : Math.round((n / workingDays) * 100) / 100);
    const perStream = new Map(o.streamKeys.map((k) => [k, per(byStream.get(k) ?? 0)]));
    const estimated = o.estimatedWork.get(s.number) ?? new Set<string>();
    const perPerson = new Map(o.people.map((p) => [p, !finished.has(p) && !estimated.has(p) ? null : per(byPerson.get(p) ?? 0)] as const));
    return { sprint: s.number, workingDays, perStream, perPerson };
  });
}
