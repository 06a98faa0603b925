import { describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema.js';
import { ceremonyDate, sprintWeek, wallClockInstant } from '../src/domain/calendar.js';
import { slotsBetween, slotsOnDate, type JobName } from '../src/domain/schedule.js';
import { wakeDelay } from '../src/domain/jobs.js';
import { exampleConfig } from './support/paceline.js';

const playbook = exampleConfig();

function withConfig(edit: (c: Config) => void): Config {
  const c = structuredClone(playbook);
  edit(c);
  return c;
}

function instants(config: Config, job: JobName, from: string, to: string): string[] {
  return slotsBetween(config, new Date(from), new Date(to))
    .filter((s) => s.job === job)
    .map((s) => s.at.toISOString());
}

describe('the playbook sprint 2025-10-04 → 2025-10-18', () => {
  const sprint = ['2025-10-04T00:00:00Z', '2025-10-19T00:00:00Z'] as const;

  it('opens the stand-up at 09:00 PDT = 16:00 UTC on each of its ten working days', () => {
    expect(instants(playbook, 'standup-open', ...sprint)).toEqual([
      '2025-10-06T16:00:00.000Z',
      '2025-10-07T16:00:00.000Z',
      '2025-10-08T16:00:00.000Z',
      '2025-10-09T16:00:00.000Z',
      '2025-10-10T16:00:00.000Z',
      '2025-10-13T16:00:00.000Z',
      '2025-10-14T16:00:00.000Z',
      '2025-10-15T16:00:00.000Z',
      '2025-10-16T16:00:00.000Z',
      '2025-10-17T16:00:00.000Z',
    ]);
  });

  it('opens the sprint at 08:45 on its first working day, announces the Tiger Crew at 08:55, reminds at 09:10, summarizes at 09:15', () => {
    const monday = slotsOnDate(playbook, '2025-10-06').map((s) => [s.job, s.time, s.at.toISOString()]);
    expect(monday).toEqual([
      ['digest', '08:00', '2025-10-06T15:00:00.000Z'],
      ['sprint-kickoff', '08:45', '2025-10-06T15:45:00.000Z'],
      ['tiger-crew', '08:55', '2025-10-06T15:55:00.000Z'],
      ['standup-open', '09:00', '2025-10-06T16:00:00.000Z'],
      ['standup-remind', '09:10', '2025-10-06T16:10:00.000Z'],
      ['standup-summary', '09:15', '2025-10-06T16:15:00.000Z'],
      ['chaos-drill', '09:30', '2025-10-06T16:30:00.000Z'],
    ]);
  });

  it('holds demo day on day 7 = Fri 2025-10-10 (prep the day before) and the retro on day 14 = Fri 2025-10-17', () => {
    expect(instants(playbook, 'demo-prep', ...sprint)).toEqual(['2025-10-09T22:00:00.000Z']);
    expect(instants(playbook, 'demo-day', ...sprint)).toEqual(['2025-10-10T15:30:00.000Z']);
    expect(instants(playbook, 'retro', ...sprint)).toEqual(['2025-10-17T17:00:00.000Z']);
    expect(instants(playbook, 'retro-summary', ...sprint)).toEqual(['2025-10-18T00:00:00.000Z']);
  });

  it('posts the digest and the chaos drill on its Mondays, with the weekly owner order', () => {
    expect(instants(playbook, 'digest', ...sprint)).toEqual(['2025-10-06T15:00:00.000Z', '2025-10-13T15:00:00.000Z']);
    expect(instants(playbook, 'chaos-drill', ...sprint)).toEqual(['2025-10-06T16:30:00.000Z', '2025-10-13T16:30:00.000Z']);
    // Week 1 Governance, Week 2 Runtime, Week 3 Experience (the next sprint), week 4 Governance again.
    expect(['2025-10-06', '2025-10-13', '2025-10-20', '2025-10-27'].map((d) => sprintWeek(playbook, d))).toEqual([1, 2, 3, 4]);
  });

  it('kicks off each sprint once, on its first working day', () => {
    expect(instants(playbook, 'sprint-kickoff', '2025-10-04T00:00:00Z', '2025-11-01T00:00:00Z')).toEqual([
      '2025-10-06T15:45:00.000Z', // sprint 1 starts Sat 2025-10-04
      '2025-10-20T15:45:00.000Z', // sprint 2 starts Sat 2025-10-18
    ]);
  });

  it('does nothing on the weekend', () => {
    expect(slotsOnDate(playbook, '2025-10-04')).toEqual([]);
    expect(slotsOnDate(playbook, '2025-10-05')).toEqual([]);
  });
});

describe('daylight saving time', () => {
  it('09:00 PT is 16:00 UTC in summer and 17:00 UTC in winter across the November change', () => {
    const nov = withConfig((c) => (c.sprint.start = '2025-10-25'));
    expect(instants(nov, 'standup-open', '2025-10-30T00:00:00Z', '2025-11-05T00:00:00Z')).toEqual([
      '2025-10-30T16:00:00.000Z',
      '2025-10-31T16:00:00.000Z',
      '2025-11-03T17:00:00.000Z',
      '2025-11-04T17:00:00.000Z',
    ]);
  });

  it('and back to 16:00 UTC across the March change', () => {
    const march = withConfig((c) => (c.sprint.start = '2026-02-28'));
    expect(instants(march, 'standup-open', '2026-03-05T00:00:00Z', '2026-03-11T00:00:00Z')).toEqual([
      '2026-03-05T17:00:00.000Z',
      '2026-03-06T17:00:00.000Z',
      '2026-03-09T16:00:00.000Z',
      '2026-03-10T16:00:00.000Z',
    ]);
  });

  it('fires exactly once on both change days (Sundays made working days)', () => {
    const everyDay = withConfig((c) => {
      c.sprint.start = '2025-10-25';
      c.sprint.lengthDays = 14;
      c.workingDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    });
    expect(instants(everyDay, 'standup-open', '2025-11-02T00:00:00Z', '2025-11-03T00:00:00Z')).toEqual(['2025-11-02T17:00:00.000Z']);
    const spring = withConfig((c) => {
      c.sprint.start = '2026-02-28';
      c.workingDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    });
    expect(instants(spring, 'standup-open', '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual(['2026-03-08T16:00:00.000Z']);
  });

  it('a time that does not exist (02:30 on 2026-03-08) runs at the next valid minute, 03:00 PDT', () => {
    expect(wallClockInstant('2026-03-08', '02:30', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(wallClockInstant('2026-03-08', '02:00', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(wallClockInstant('2026-03-08', '03:00', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(wallClockInstant('2026-03-08', '01:59', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T09:59:00.000Z');
  });

  it('a time that happens twice (01:30 on 2025-11-02) runs once, at its first occurrence (PDT)', () => {
    expect(wallClockInstant('2025-11-02', '01:30', 'America/Los_Angeles').toISOString()).toBe('2025-11-02T08:30:00.000Z');
    const early = withConfig((c) => {
      c.sprint.start = '2025-10-25';
      c.workingDays = ['sun'];
      c.standup.time = '01:30';
      c.tigerCrew.announceAt = '01:00';
    });
    expect(instants(early, 'standup-open', '2025-11-02T00:00:00Z', '2025-11-03T00:00:00Z')).toEqual(['2025-11-02T08:30:00.000Z']);
  });

  it('in a zone east of UTC the local date decides, not the UTC date', () => {
    const tokyo = withConfig((c) => {
      c.timezone = 'Asia/Tokyo';
      c.standup.time = '08:00';
    });
    // 08:00 JST Monday 2025-10-06 is 23:00 UTC on Sunday.
    expect(instants(tokyo, 'standup-open', '2025-10-05T00:00:00Z', '2025-10-06T12:00:00Z')).toEqual(['2025-10-05T23:00:00.000Z']);
  });
});

describe('holidays and moved ceremonies', () => {
  const withHoliday = withConfig((c) => (c.holidays = ['2025-10-13']));

  it('no stand-up or Tiger Crew on a holiday; the Monday posts move to Tuesday with a note', () => {
    const monday = slotsOnDate(withHoliday, '2025-10-13');
    expect(monday).toEqual([]);
    const tuesday = slotsOnDate(withHoliday, '2025-10-14').filter((s) => s.job === 'digest' || s.job === 'chaos-drill');
    expect(tuesday.map((s) => [s.job, s.at.toISOString(), s.note])).toEqual([
      ['digest', '2025-10-14T15:00:00.000Z', 'moved from mon (not a working day)'],
      ['chaos-drill', '2025-10-14T16:30:00.000Z', 'moved from mon (not a working day)'],
    ]);
  });

  it('a demo day on a holiday moves to the previous working day, and its prep with it', () => {
    const c = withConfig((x) => (x.holidays = ['2025-10-10']));
    expect(ceremonyDate(c, 1, 7)).toEqual({ date: '2025-10-09', movedFrom: '2025-10-10' });
    const demo = slotsBetween(c, new Date('2025-10-04T00:00:00Z'), new Date('2025-10-19T00:00:00Z')).filter((s) =>
      s.job.startsWith('demo'),
    );
    expect(demo.map((s) => [s.job, s.date, s.note])).toEqual([
      ['demo-prep', '2025-10-08', 'demo day moved from Fri 2025-10-10 (not a working day)'],
      ['demo-day', '2025-10-09', 'demo day moved from Fri 2025-10-10 (not a working day)'],
    ]);
  });

  it('with next-working-day, a ceremony on a Saturday moves to Monday; with keep it stays', () => {
    const sat = withConfig((c) => {
      c.sprint.demoDay = 8; // Sat 2025-10-11
      c.sprint.ceremonyOnNonWorkingDay = 'next-working-day';
    });
    expect(ceremonyDate(sat, 1, 8)).toEqual({ date: '2025-10-13', movedFrom: '2025-10-11' });
    expect(ceremonyDate({ ...sat, sprint: { ...sat.sprint, ceremonyOnNonWorkingDay: 'keep' } }, 1, 8)).toEqual({ date: '2025-10-11' });
  });

  it('consecutive sprints: sprint 2 holds its demo on 2025-10-24 and its retro on 2025-10-31', () => {
    expect(ceremonyDate(playbook, 2, 7)).toEqual({ date: '2025-10-24' });
    expect(ceremonyDate(playbook, 2, 14)).toEqual({ date: '2025-10-31' });
  });
});

describe('timed wake-ups between minute ticks', () => {
  const now = new Date('2025-10-08T21:00:00.000Z');
  const at = (s: number) => new Date(now.getTime() + s * 1000);
  it('waits exactly until a deadline within the minute, wakes at once for one already due, and leaves later ones to the next tick', () => {
    expect(wakeDelay(now, at(37.25), 60_000)).toBe(37_250);
    expect(wakeDelay(now, at(60), 60_000)).toBe(60_000);
    expect(wakeDelay(now, at(-5), 60_000)).toBe(0);
    expect(wakeDelay(now, at(61), 60_000)).toBeNull();
    expect(wakeDelay(now, null, 60_000)).toBeNull();
  });
});
