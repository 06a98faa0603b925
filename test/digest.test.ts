import { describe, expect, it } from 'vitest';
import { streamDigest, streamRisks, topRisks, type StreamFacts } from '../src/domain/digest.js';

const now = new Date('2025-10-13T15:00:00Z'); // Mon 08:00 PDT
const days = ['13', '14', '15', '16', '17'].map((d) => `2025-10-${d}`);
const facts = (o: Partial<StreamFacts> = {}): StreamFacts => ({
  streamKey: 'governance',
  streamName: 'Governance Core',
  lead: 'ada',
  scopeDay1: 20,
  scope: 20,
  done: 10,
  throughput: [2, 2, 2, 2, 2, 2],
  daysAhead: days,
  deadline: '2025-10-17',
  openBlockers: [],
  standup: { answered: 20, expected: 20 },
  chaosDrill: null,
  smokeFailed: false,
  handoffsIn: [],
  ...o,
});
const thresholds = { onTrack: 0.85, atRisk: 0.5 };

describe('the digest of a stream', () => {
  it('is on track when the forecast is certain, off track when it cannot finish, and says when history is short', () => {
    expect(streamDigest(facts(), { now, thresholds, seed: 1 })).toMatchObject({ status: 'on track', done: 10, remaining: 10 });
    expect(streamDigest(facts({ scope: 22 }), { now, thresholds, seed: 1 })).toMatchObject({ status: 'off track', remaining: 12 });
    expect(streamDigest(facts({ throughput: [2, 2] }), { now, thresholds, seed: 1 }).status).toBe('not enough history');
    expect(streamDigest(facts({ done: 20 }), { now, thresholds, seed: 1 }).status).toBe('done');
  });

  it('between the thresholds, agrees with the exact probability', () => {
    // Two or three points a day, evenly: 10 points in 5 days is certain, 13 needs three 3s in five days.
    const d = streamDigest(facts({ scope: 23, throughput: [2, 3, 2, 3, 2, 3] }), { now, thresholds, seed: 5 });
    if (d.forecast.kind !== 'forecast') throw new Error('expected a forecast');
    // Exact: P(at least 3 of 5 fair draws are 3s) = (10 + 5 + 1) / 32 = 0.5.
    expect(Math.abs(d.forecast.probability - 0.5)).toBeLessThan(3 * Math.sqrt(0.25 / 10_000));
  });

  it('ranks escalated and old blockers, a failed smoke, an unreported drill, scope growth and low participation, each with who acts', () => {
    const risks = streamRisks(
      facts({
        scope: 26,
        openBlockers: [
          { number: 4, owner: 'kai', openedAt: new Date('2025-10-09T17:00:00Z'), escalationLevel: 0, text: 'quota' },
          { number: 7, owner: null, openedAt: new Date('2025-10-12T17:00:00Z'), escalationLevel: 2, text: 'SSO metadata' },
          { number: 9, owner: 'noor', openedAt: new Date('2025-10-13T09:00:00Z'), escalationLevel: 0, text: 'fresh' },
        ],
        standup: { answered: 14, expected: 20 },
        chaosDrill: { reported: false, outcome: null },
        smokeFailed: true,
        handoffsIn: [
          { fromStreamName: 'Runtime & Training', text: 'need the policy schema', date: '2025-10-08' },
          { fromStreamName: 'Experience & Ecosystem', text: 'SSO button copy', date: '2025-10-10' },
        ],
      }),
      now,
    );
    expect(risks.map((r) => [r.kind, r.owner, r.text])).toEqual([
      ['blocker', 'ada', 'B-7 open less than a day, escalated to level 2: SSO metadata'],
      ['blocker', 'kai', 'B-4 open 3 days: quota'],
      ['smoke', 'ada', 'the latest staging smoke run failed'],
      ['chaos-drill', 'ada', 'this week’s chaos drill has no report'],
      ['scope', 'ada', 'scope grew 30 % since the sprint was planned'],
      [
        'handoff',
        'ada',
        '2 handoffs asked of it in last week’s stand-ups by Runtime & Training, Experience & Ecosystem; latest (2025-10-10): “SSO button copy”',
      ],
      ['standup', 'ada', 'stand-up participation 70 % last week'],
    ]);
  });

  it('has no risks when nothing is wrong, and the top risks across streams are the heaviest', () => {
    expect(streamRisks(facts({ scope: 24, standup: { answered: 16, expected: 20 } }), now)).toEqual([]);
    const a = streamDigest(facts({ smokeFailed: true }), { now, thresholds, seed: 1 });
    const b = streamDigest(facts({ streamKey: 'runtime', lead: 'kai', standup: { answered: 1, expected: 10 } }), {
      now,
      thresholds,
      seed: 1,
    });
    expect(topRisks([b, a], 1).map((r) => r.kind)).toEqual(['smoke']);
  });
});
