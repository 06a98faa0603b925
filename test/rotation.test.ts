import { describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema.js';
import { addDays, isWorkingDay } from '../src/domain/calendar.js';
import { tigerCrews } from '../src/domain/plan.js';
import { emptyRotation, rotateDay, type RotationState } from '../src/domain/rotation.js';
import { chaosDrillOwner, chaosDrillStream } from '../src/domain/rituals/chaosDrill.js';
import { exampleConfig } from './support/paceline.js';

/** A small deterministic PRNG (mulberry32) so every run checks the same cases. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const weekdays = { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as Config['workingDays'], holidays: ['2025-12-25', '2026-01-01'] };

function workingDaysFrom(start: string, count: number): string[] {
  const out: string[] = [];
  for (let d = start; out.length < count; d = addDays(d, 1)) if (isWorkingDay(weekdays, d)) out.push(d);
  return out;
}

describe('Tiger Crew rotation: fairness', () => {
  it('with everyone available, duty counts in every stretch of days differ by at most one (a year, pools of 1–9)', () => {
    const days = workingDaysFrom('2025-10-06', 255);
    for (let poolSize = 1; poolSize <= 9; poolSize++) {
      for (let size = 1; size <= poolSize; size++) {
        const pool = Array.from({ length: poolSize }, (_, i) => `p${i}`);
        let state: RotationState = emptyRotation();
        // prefix[d][p]: duties of p on the first d days
        const prefix: number[][] = [pool.map(() => 0)];
        for (const d of days) {
          const day = rotateDay(state, pool, () => true, size, d);
          expect(day.crew).toHaveLength(size);
          expect(new Set(day.crew).size).toBe(size);
          state = day.state;
          const last = prefix.at(-1) as number[];
          prefix.push(pool.map((p, i) => (last[i] as number) + (day.crew.includes(p) ? 1 : 0)));
        }
        for (let i = 0; i < days.length; i++) {
          for (let j = i + 1; j <= days.length; j++) {
            const counts = pool.map((_, p) => (prefix[j]?.[p] as number) - (prefix[i]?.[p] as number));
            const spread = Math.max(...counts) - Math.min(...counts);
            if (spread > 1) expect.fail(`pool ${poolSize}, crew ${size}: days ${i}..${j} counts ${counts.join(',')}`);
          }
        }
      }
    }
  });

  it('with OOO, joiners and leavers over a year: nobody out is on duty, and the available stay within one duty of each other', () => {
    const random = prng(20251004);
    const days = workingDaysFrom('2025-10-06', 255);
    const everyone = Array.from({ length: 10 }, (_, i) => `m${i}`);
    // Each member has a few random absences of 1–10 working days.
    const out = new Map(everyone.map((m) => [m, new Set<string>()]));
    for (const m of everyone) {
      for (let k = 0; k < 4; k++) {
        const from = Math.floor(random() * days.length);
        const len = 1 + Math.floor(random() * 10);
        for (let i = from; i < Math.min(from + len, days.length); i++) out.get(m)?.add(days[i] as string);
      }
    }
    let state: RotationState = emptyRotation();
    const duties = new Map<string, number>();
    // What a perfectly fair share would be: each day's shifts split among those available.
    const share = new Map<string, number>();
    // Each return from an absence (or joining) may forgo up to one shift: absence is no debt.
    const returns = new Map<string, number>();
    const wasPresent = new Set<string>();
    days.forEach((d, i) => {
      // m8 joins on day 60, m9 on day 120; m0 leaves the pool on day 200.
      const pool = everyone.filter((m) => (m !== 'm8' || i >= 60) && (m !== 'm9' || i >= 120) && (m !== 'm0' || i < 200));
      const available = (m: string) => !(out.get(m)?.has(d) ?? false);
      const day = rotateDay(state, pool, available, 3, d);
      for (const m of day.crew) {
        expect(available(m), `${m} is out on ${d}`).toBe(true);
        expect(pool).toContain(m);
        duties.set(m, (duties.get(m) ?? 0) + 1);
      }
      const present = pool.filter(available);
      for (const m of present) {
        share.set(m, (share.get(m) ?? 0) + day.crew.length / present.length);
        if (!wasPresent.has(m)) returns.set(m, (returns.get(m) ?? 0) + 1);
      }
      wasPresent.clear();
      for (const m of present) wasPresent.add(m);
      expect(day.crew).toHaveLength(Math.min(3, present.length));
      state = day.state;
      const counts = present.map((m) => state.members[m]?.count as number);
      expect(Math.max(...counts) - Math.min(...counts), `balance on ${d}`).toBeLessThanOrEqual(1);
    });
    const total = [...duties.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(days.length * 3);
    // Over the year everyone did their fair share of the days they were there, give or take one
    // shift plus one per return.
    for (const m of everyone) {
      const deviation = Math.abs((duties.get(m) ?? 0) - (share.get(m) ?? 0));
      expect(deviation, `${m}: ${duties.get(m)} shifts for a share of ${share.get(m)?.toFixed(2)}`).toBeLessThanOrEqual(
        1 + (returns.get(m) ?? 0),
      );
    }
  });

  it('someone back from OOO is not given a run of back-to-back shifts to catch up', () => {
    const pool = ['a', 'b', 'c', 'd'];
    const days = workingDaysFrom('2025-10-06', 30);
    let state = emptyRotation();
    const onDuty: string[][] = [];
    days.forEach((d, i) => {
      const day = rotateDay(state, pool, (m) => !(m === 'a' && i >= 5 && i < 20), 1, d);
      onDuty.push(day.crew);
      state = day.state;
    });
    const aDays = onDuty.map((c, i) => (c.includes('a') ? i : -1)).filter((i) => i >= 20);
    // Back on day 20, a takes a shift soon (longest since their last one), then falls into the
    // round: never two days running, and every four days once the round has settled.
    expect(aDays[0]).toBe(20);
    const gaps = aDays.slice(1).map((d, k) => d - (aDays[k] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2);
    expect(gaps.slice(1)).toEqual(gaps.slice(1).map(() => 4));
  });
});

describe('Tiger Crew rotation: stability', () => {
  const config = exampleConfig();

  it('an OOO added next week does not change any day before it', () => {
    const before = tigerCrews(config, '2025-11-28');
    const withOoo = structuredClone(config);
    withOoo.people.find((p) => p.key === 'noor')?.ooo.push({ from: '2025-10-20', to: '2025-10-24' });
    const after = tigerCrews(withOoo, '2025-11-28');
    for (const [date, crew] of before) {
      if (date < '2025-10-20') expect(after.get(date), date).toEqual(crew);
      if (date >= '2025-10-20' && date <= '2025-10-24') expect(after.get(date)).not.toContain('noor');
    }
  });

  it('a member added to the pool later changes no stored day, and joins within a round', () => {
    const announced = tigerCrews(config, '2025-10-31');
    const grown = structuredClone(config);
    grown.people.push({ key: 'zoe', name: 'Zoe', slack: '@zoe', ooo: [] });
    grown.tigerCrew.pool.push('zoe');
    const after = tigerCrews(grown, '2025-11-14', announced);
    for (const [date, crew] of announced) expect(after.get(date)).toEqual(crew);
    const firstDuty = [...after.entries()].find(([, crew]) => crew.includes('zoe'))?.[0];
    expect(firstDuty).toBe('2025-11-03');
  });

  it('a swapped day is taken as decided and the rotation continues fairly from it', () => {
    const decided = new Map([['2025-10-06', ['kai', 'mira']]]);
    const crews = tigerCrews(config, '2025-10-17', decided);
    expect(crews.get('2025-10-06')).toEqual(['kai', 'mira']);
    // The regular pool then starts from the beginning: nobody in it has served yet.
    expect(crews.get('2025-10-07')).toEqual(['omar', 'lena']);
  });
});

describe('chaos drill order', () => {
  const order = ['governance', 'runtime', 'experience'];
  it('cycles Governance, Runtime, Experience across three sprints of two weeks', () => {
    expect([1, 2, 3, 4, 5, 6].map((w) => chaosDrillStream(order, w))).toEqual([
      'governance',
      'runtime',
      'experience',
      'governance',
      'runtime',
      'experience',
    ]);
  });
  it('hands the drill to the next member of the stream each time its turn comes round', () => {
    const members = ['ada', 'omar', 'lena'];
    expect([1, 4, 7, 10].map((w) => chaosDrillOwner(order, members, w))).toEqual(['ada', 'omar', 'lena', 'ada']);
  });
});
