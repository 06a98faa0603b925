import { describe, expect, it } from 'vitest';
import type { CalendarConfig } from '../src/domain/calendar.js';
import { velocities, type Completion } from '../src/domain/velocity.js';

const calendar: Pick<CalendarConfig, 'timezone' | 'workingDays' | 'holidays'> = {
  timezone: 'America/Los_Angeles',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: [],
};
const sprints = [
  { number: 1, startDate: '2025-10-04', endDate: '2025-10-17' }, // ten working days
  { number: 2, startDate: '2025-10-18', endDate: '2025-10-31' },
];
const done = (identifier: string, points: number | null, at: string, streamKey: string, assignee: string | null): Completion => ({
  identifier,
  points,
  at: new Date(at),
  streamKey,
  assignee,
});
const completions = [
  done('GOV-1', 5, '2025-10-07T18:00:00Z', 'governance', 'ada'),
  done('GOV-2', 3, '2025-10-16T18:00:00Z', 'governance', 'omar'),
  done('GOV-3', null, '2025-10-16T18:00:00Z', 'governance', 'lena'), // unestimated: not velocity
  done('RUN-1', 8, '2025-10-10T18:00:00Z', 'runtime', 'kai'),
  done('GOV-4', 4, '2025-10-21T18:00:00Z', 'governance', 'ada'),
];

describe('velocity', () => {
  const v = velocities({
    completions,
    estimatedWork: new Map([
      [1, new Set(['ada', 'omar', 'kai', 'noor'])],
      [2, new Set(['ada'])],
    ]),
    sprints,
    streamKeys: ['governance', 'runtime'],
    people: ['ada', 'omar', 'lena', 'kai', 'noor'],
    calendar,
    through: '2025-10-22', // Wednesday of sprint 2: three working days so far
  });

  it('is points completed per working day, per stream, sprint by sprint; the current sprint counts the days so far', () => {
    expect(v.map((s) => [s.sprint, s.workingDays, Object.fromEntries(s.perStream)])).toEqual([
      [1, 10, { governance: 0.8, runtime: 0.8 }],
      [2, 3, { governance: 1.33, runtime: 0 }],
    ]);
  });

  it('per person: zero when estimated work was not finished, "—" (null) when there was none', () => {
    expect(Object.fromEntries(v[0]?.perPerson ?? [])).toEqual({ ada: 0.5, omar: 0.3, lena: null, kai: 0.8, noor: 0 });
    expect(Object.fromEntries(v[1]?.perPerson ?? [])).toEqual({ ada: 1.33, omar: null, lena: null, kai: null, noor: null });
  });
});
