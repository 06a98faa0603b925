import { describe, expect, it } from 'vitest';
import type { BurndownEvent } from '../src/domain/burndown.js';
import type { CalendarConfig } from '../src/domain/calendar.js';
import { workEvent } from './support/workEvents.js';
import { dailyThroughput, dailyThroughputs } from '../src/domain/throughput.js';

const calendar: Pick<CalendarConfig, 'timezone' | 'workingDays' | 'holidays'> = {
  timezone: 'America/Los_Angeles',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: ['2025-10-13'],
};
const ev = workEvent;
const events: BurndownEvent[] = [
  ev('GOV-1', 'stream', null, 'governance', '2025-10-01T16:00:00Z'),
  ev('GOV-1', 'points', null, '5', '2025-10-01T16:00:00Z'),
  ev('GOV-2', 'stream', null, 'governance', '2025-10-01T16:00:00Z'),
  ev('GOV-2', 'points', null, '3', '2025-10-01T16:00:00Z'),
  ev('RUN-1', 'stream', null, 'runtime', '2025-10-01T16:00:00Z'),
  ev('RUN-1', 'points', null, '8', '2025-10-01T16:00:00Z'),
  // Thu 23:30 PDT counts on Thursday; GOV-2 reopened on Monday takes its points back.
  ev('GOV-1', 'state', 'started', 'completed', '2025-10-10T06:30:00Z'),
  ev('GOV-2', 'state', 'started', 'completed', '2025-10-10T18:00:00Z'),
  ev('RUN-1', 'state', 'started', 'completed', '2025-10-10T18:00:00Z'),
  ev('GOV-2', 'state', 'completed', 'started', '2025-10-14T18:00:00Z'),
];

describe('daily throughput', () => {
  it('counts points completed per working day, zero days included, holidays skipped', () => {
    // Through Tue 2025-10-14, five working days: Wed 8, Thu 9, Fri 10, (Mon 13 holiday), Tue 14.
    const w = dailyThroughput({ events, streamKey: 'governance', calendar, through: '2025-10-14', days: 5 });
    expect(w).toEqual([0, 0, 5, 3, -3]);
  });

  it('keeps each stream’s own work, and all of it for the total', () => {
    expect(dailyThroughput({ events, streamKey: 'runtime', calendar, through: '2025-10-10', days: 3 })).toEqual([0, 0, 8]);
    expect(dailyThroughput({ events, streamKey: null, calendar, through: '2025-10-10', days: 3 })).toEqual([0, 5, 11]);
  });

  it('for many streams in one pass gives each stream its own series and the total, an unmapped item in the total only', () => {
    const stray = [
      ev('X-1', 'points', null, '2', '2025-10-01T16:00:00Z'),
      ev('X-1', 'state', 'started', 'completed', '2025-10-08T18:00:00Z'),
    ];
    const all = dailyThroughputs({
      events: [...events, ...stray],
      streamKeys: ['governance', 'runtime', 'experience', null],
      calendar,
      through: '2025-10-10',
      days: 3,
    });
    expect([...all.entries()]).toEqual([
      ['governance', [0, 5, 3]],
      ['runtime', [0, 0, 8]],
      ['experience', [0, 0, 0]],
      [null, [2, 5, 11]],
    ]);
  });
});
