import { describe, expect, it } from 'vitest';
import { changeRefusal, mayResolve, type BlockerState } from '../src/domain/blocker.js';

const b = (state: BlockerState) => ({ number: 7, state });

describe('the blocker lifecycle', () => {
  it.each([
    ['ack', 'open', null],
    ['ack', 'acked', 'B-7 is already acknowledged.'],
    ['ack', 'resolved', 'B-7 is resolved.'],
    ['reopen', 'resolved', null],
    ['reopen', 'open', 'B-7 is not resolved.'],
    ['swarm', 'acked', null],
    ['swarm', 'resolved', 'B-7 is resolved already; nothing to swarm.'],
    ['resolve', 'acked', null],
    ['resolve', 'resolved', 'B-7 is already resolved.'],
  ] as const)('%s on a blocker that is %s → %s', (change, state, refusal) => {
    expect(changeRefusal(change, b(state), { mayResolve: true })).toEqual(refusal === null ? null : { kind: 'conflict', reason: refusal });
  });

  it('refuses to resolve for someone who may not, naming who may', () => {
    expect(changeRefusal('resolve', b('open'), { mayResolve: false })?.reason).toBe(
      "Only the reporter, the owner, the stream leads, today's Tiger Crew or an admin can resolve B-7. Swarm it instead, or ask one of them.",
    );
    // Already resolved says so, whoever asks.
    expect(changeRefusal('resolve', b('open'), { mayResolve: false })?.kind).toBe('not-allowed');
    expect(changeRefusal('resolve', b('resolved'), { mayResolve: false })).toEqual({
      kind: 'conflict',
      reason: 'B-7 is already resolved.',
    });
  });

  it('lets the reporter, the owner, the leads of both streams, today’s Tiger Crew and admins resolve, nobody else', () => {
    const blocker = { reporterSlackId: 'UREP', ownerSlackId: 'UOWN' };
    const people = { admins: ['root'], leads: ['ada', 'kai'], crewToday: ['UCREW'] };
    const may = (slackId: string, key?: string) => mayResolve(blocker, { slackId, key }, people);
    expect([may('UREP'), may('UOWN'), may('UX', 'ada'), may('UY', 'kai'), may('UCREW'), may('UZ', 'root')]).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([may('UOTHER', 'theo'), may('UNOBODY')]).toEqual([false, false]);
    expect(mayResolve({ reporterSlackId: 'UREP', ownerSlackId: null }, { slackId: 'UOWN', key: undefined }, people)).toBe(false);
  });
});
