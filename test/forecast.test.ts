import { describe, expect, it } from 'vitest';
import { forecast, statusOf } from '../src/domain/forecast.js';

// Ten working days ahead (Mon 2025-10-13 … Fri 2025-10-24, weekends already skipped by the caller).
const DAYS = ['13', '14', '15', '16', '17', '20', '21', '22', '23', '24'].map((d) => `2025-10-${d}`);
const DEADLINE = '2025-10-17'; // the fifth working day

describe('delivery confidence', () => {
  it('says there is not enough history below five days, never an invented figure', () => {
    expect(forecast({ remaining: 10, history: [3, 4, 5, 6], days: DAYS, deadline: DEADLINE, seed: 1 })).toEqual({
      kind: 'insufficient',
      days: 4,
    });
  });

  it('constant throughput gives a certain date: probability exactly 1 or 0', () => {
    // 2 points a day: 10 points are done at the end of the fifth day, 12 on the sixth.
    const ten = forecast({ remaining: 10, history: [2, 2, 2, 2, 2, 2], days: DAYS, deadline: DEADLINE, seed: 7 });
    expect(ten).toEqual({ kind: 'forecast', probability: 1, p50: '2025-10-17', p85: '2025-10-17', trials: 10_000 });
    const twelve = forecast({ remaining: 12, history: [2, 2, 2, 2, 2, 2], days: DAYS, deadline: DEADLINE, seed: 7 });
    expect(twelve).toEqual({ kind: 'forecast', probability: 0, p50: '2025-10-20', p85: '2025-10-20', trials: 10_000 });
  });

  it('zero throughput gives zero and no date within the horizon', () => {
    expect(forecast({ remaining: 1, history: [0, 0, 0, 0, 0, 0, 0], days: DAYS, deadline: DEADLINE, seed: 3 })).toEqual({
      kind: 'forecast',
      probability: 0,
      p50: null,
      p85: null,
      trials: 10_000,
    });
  });

  it('agrees with the exact probability from every path, within 3 standard errors', () => {
    const history = [0, 1, 2, 3, 5];
    const remaining = 7;
    const days = DAYS.slice(0, 3);
    // Exact: every sequence of three daily draws is equally likely; count those reaching 7.
    let reach = 0;
    let all = 0;
    for (const a of history)
      for (const b of history)
        for (const c of history) {
          all += 1;
          if (a + b + c >= remaining) reach += 1;
        }
    const exact = reach / all;
    const mc = forecast({ remaining, history, days, deadline: days[2] as string, seed: 20251013 });
    if (mc.kind !== 'forecast') throw new Error(`expected a forecast, got ${mc.kind}`);
    const se = Math.sqrt((exact * (1 - exact)) / mc.trials);
    expect(exact).toBeGreaterThan(0.2);
    expect(exact).toBeLessThan(0.8);
    expect(Math.abs(mc.probability - exact)).toBeLessThan(3 * se);
  });

  it('the same seed gives the same numbers; another seed other draws', () => {
    const o = { remaining: 9, history: [0, 1, 2, 3, 5, 2, 0, 4], days: DAYS, deadline: DEADLINE };
    expect(forecast({ ...o, seed: 42 })).toEqual(forecast({ ...o, seed: 42 }));
    const a = forecast({ ...o, seed: 42 });
    const b = forecast({ ...o, seed: 43 });
    if (a.kind !== 'forecast' || b.kind !== 'forecast') throw new Error('expected forecasts');
    expect(a.probability).not.toBe(b.probability);
  });

  it('nothing left is done; a deadline already past finishes nothing in time', () => {
    expect(forecast({ remaining: 0, history: [1, 1, 1, 1, 1], days: DAYS, deadline: DEADLINE, seed: 1 })).toEqual({ kind: 'done' });
    const late = forecast({ remaining: 1, history: [1, 1, 1, 1, 1], days: DAYS, deadline: '2025-10-10', seed: 1 });
    expect(late).toMatchObject({ kind: 'forecast', probability: 0, p50: '2025-10-13' });
  });

  it('status from the probability: on track, at risk, off track', () => {
    const t = { onTrack: 0.85, atRisk: 0.5 };
    expect([statusOf(0.85, t), statusOf(0.84, t), statusOf(0.5, t), statusOf(0.49, t)]).toEqual([
      'on track',
      'at risk',
      'at risk',
      'off track',
    ]);
  });
});
