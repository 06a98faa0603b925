import { describe, expect, it } from 'vitest';
import { localDate, sprintPosition, type SprintCalendarConfig } from '../src/domain/calendar.js';

const playbook: SprintCalendarConfig = {
  timezone: 'America/Los_Angeles',
  sprint: { start: '2025-10-04', lengthDays: 14, next: 'consecutive' },
};

describe('sprint position (playbook sprint 2025-10-04 → 2025-10-18)', () => {
  it.each([
    ['2025-10-04T07:00:00Z', 1, '2025-10-04'], // 00:00 PDT on the start date
    ['2025-10-10T16:00:00Z', 7, '2025-10-10'], // demo day, 09:00 PDT
    ['2025-10-17T16:00:00Z', 14, '2025-10-17'], // retro day
    ['2025-10-18T06:59:59Z', 14, '2025-10-17'], // 23:59:59 PDT, still day 14
  ])('%s is day %i (%s local)', (instant, day, date) => {
    expect(sprintPosition(playbook, new Date(instant))).toEqual({
      sprintNumber: 1,
      day,
      lengthDays: 14,
      startDate: '2025-10-04',
      endDate: '2025-10-17',
      date,
    });
  });

  it('the instant before the start is no sprint; 2025-10-18 is day 1 of the next', () => {
    expect(sprintPosition(playbook, new Date('2025-10-04T06:59:59Z'))).toBeNull();
    expect(sprintPosition(playbook, new Date('2025-10-18T07:00:00Z'))).toMatchObject({
      sprintNumber: 2,
      day: 1,
      startDate: '2025-10-18',
      endDate: '2025-10-31',
    });
  });

  it('counts calendar days across the November DST change (a 25-hour day)', () => {
    // Sprint 3 runs 2025-11-01 → 2025-11-14; DST ends 2025-11-02 in Los Angeles.
    expect(sprintPosition(playbook, new Date('2025-11-03T08:30:00Z'))).toMatchObject({ sprintNumber: 3, day: 3, date: '2025-11-03' });
    expect(localDate(new Date('2025-11-03T07:30:00Z'), playbook.timezone)).toBe('2025-11-02');
  });

  it('with next: none there is nothing after the configured sprint', () => {
    expect(sprintPosition({ ...playbook, sprint: { ...playbook.sprint, next: 'none' } }, new Date('2025-10-20T16:00:00Z'))).toBeNull();
  });
});
