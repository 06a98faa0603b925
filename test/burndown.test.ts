import { describe, expect, it } from 'vitest';
import { burndowns, type BurndownEvent } from '../src/domain/burndown.js';
import type { CalendarConfig } from '../src/domain/calendar.js';
import { workEvent } from './support/workEvents.js';

const calendar: Pick<CalendarConfig, 'timezone' | 'workingDays' | 'holidays'> = {
  timezone: 'America/Los_Angeles',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: [],
};
const sprint = { number: 1, startDate: '2025-10-04', endDate: '2025-10-17' }; // Sat → Fri: ten working days
const ev = workEvent;
const events: BurndownEvent[] = [
  ...(['GOV-1', 'RUN-1'] as const).flatMap((id) => [
    ev(id, 'added', null, '1', '2025-10-04T17:00:00Z'),
    ev(id, 'state', null, 'unstarted', '2025-10-04T17:00:00Z'),
    ev(id, 'stream', null, id.startsWith('GOV') ? 'governance' : 'runtime', '2025-10-04T17:00:00Z'),
  ]),
  ev('GOV-1', 'points', null, '5', '2025-10-04T17:00:00Z'),
  ev('RUN-1', 'points', null, '3', '2025-10-04T17:00:00Z'),
  // Wednesday: new work joins Governance mid-sprint.
  ev('GOV-2', 'added', null, '1', '2025-10-08T20:00:00Z'),
  ev('GOV-2', 'stream', null, 'governance', '2025-10-08T20:00:00Z'),
  ev('GOV-2', 'points', null, '2', '2025-10-08T20:00:00Z'),
  // Thursday: Runtime lowers an estimate; GOV-1 completes at 23:30 PDT (06:30 UTC on Friday).
  ev('RUN-1', 'points', '3', '1', '2025-10-09T17:00:00Z'),
  ev('GOV-1', 'state', 'unstarted', 'completed', '2025-10-10T06:30:00Z'),
  // Something outside the sprint changes nothing.
  ev('EXP-9', 'points', null, '13', '2025-10-06T17:00:00Z'),
  ev('EXP-9', 'stream', null, 'experience', '2025-10-06T17:00:00Z'),
];
const all = burndowns({ events, sprint, calendar, today: '2025-10-10', streamKeys: ['governance', 'runtime', 'experience'] });
const of = (k: string | null) => all.find((b) => b.streamKey === k)?.days ?? [];
const day = (k: string | null, date: string) => of(k).find((d) => d.date === date);

describe('the burndown', () => {
  it('has one point per sprint day, actual values through today only', () => {
    expect(of('governance').map((d) => d.date)).toHaveLength(14);
    expect(day('governance', '2025-10-10')?.actual).not.toBeNull();
    expect(day('governance', '2025-10-11')?.actual).toBeNull();
  });

  it('counts scope, done and remaining as of each day’s end in the sprint time zone', () => {
    expect(day('governance', '2025-10-04')?.actual).toEqual({ scope: 5, done: 0, remaining: 5, added: 0, removed: 0 });
    expect(day('governance', '2025-10-07')?.actual).toEqual({ scope: 5, done: 0, remaining: 5, added: 0, removed: 0 });
    // 23:30 PDT on Thursday is Thursday's work, though it is Friday in UTC.
    expect(day('governance', '2025-10-09')?.actual).toEqual({ scope: 7, done: 5, remaining: 2, added: 2, removed: 0 });
    expect(day('governance', '2025-10-08')?.actual).toEqual({ scope: 7, done: 0, remaining: 7, added: 2, removed: 0 });
  });

  it('shows scope added and removed after day 1 as their own series, also in the total', () => {
    expect(day('runtime', '2025-10-09')?.actual).toEqual({ scope: 1, done: 0, remaining: 1, added: 0, removed: 2 });
    expect(day(null, '2025-10-10')?.actual).toEqual({ scope: 8, done: 5, remaining: 3, added: 2, removed: 2 });
    expect(day('experience', '2025-10-10')?.actual).toEqual({ scope: 0, done: 0, remaining: 0, added: 0, removed: 0 });
  });

  it('draws the ideal line from day 1’s scope to zero on the last working day, flat on days off', () => {
    expect(of(null).map((d) => d.ideal)).toEqual([8, 8, 8, 7.11, 6.22, 5.33, 4.44, 4.44, 4.44, 3.56, 2.67, 1.78, 0.89, 0]);
  });

  it('takes the plan from the first working day when the sprint starts on a weekend: Monday’s work is the baseline, Tuesday’s is growth', () => {
    const planned: BurndownEvent[] = [
      ev('GOV-1', 'added', null, '1', '2025-10-06T16:30:00Z'),
      ev('GOV-1', 'stream', null, 'governance', '2025-10-06T16:30:00Z'),
      ev('GOV-1', 'points', null, '10', '2025-10-06T16:30:00Z'),
      ev('GOV-2', 'added', null, '1', '2025-10-07T16:30:00Z'),
      ev('GOV-2', 'stream', null, 'governance', '2025-10-07T16:30:00Z'),
      ev('GOV-2', 'points', null, '2', '2025-10-07T16:30:00Z'),
    ];
    const [gov] = burndowns({ events: planned, sprint, calendar, today: '2025-10-07', streamKeys: ['governance'] });
    const at = (date: string) => gov?.days.find((d) => d.date === date);
    expect(gov?.baseline).toBe('2025-10-06');
    expect(at('2025-10-06')?.actual).toEqual({ scope: 10, done: 0, remaining: 10, added: 0, removed: 0 });
    expect(at('2025-10-07')?.actual).toEqual({ scope: 12, done: 0, remaining: 12, added: 2, removed: 0 });
    // Ten working days: 10 points at the first, 0 at the last, 10/9 a day between.
    expect(gov?.days.map((d) => d.ideal)).toEqual([10, 10, 10, 8.89, 7.78, 6.67, 5.56, 5.56, 5.56, 4.44, 3.33, 2.22, 1.11, 0]);
  });
});
