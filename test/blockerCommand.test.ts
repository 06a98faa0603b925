import { describe, expect, it } from 'vitest';
import { parseBlockerCommand } from '../src/domain/blockerCommand.js';
import { nextEscalation, type EscalationPolicy } from '../src/domain/escalation.js';

const streams = ['governance', 'runtime', 'experience'];
const parse = (text: string) => parseBlockerCommand(text, streams);

describe('/blocker grammar', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['list', { kind: 'list', filter: { kind: 'open' } }],
    ['list mine', { kind: 'list', filter: { kind: 'mine' } }],
    ['list ALL', { kind: 'list', filter: { kind: 'all' } }],
    ['list stream:runtime', { kind: 'list', filter: { kind: 'stream', streamKey: 'runtime' } }],
    ['ack B-42', { kind: 'ack', number: 42 }],
    ['ack b42', { kind: 'ack', number: 42 }],
    ['reopen 7', { kind: 'reopen', number: 7 }],
    ['resolve B-3 rotated the key and redeployed', { kind: 'resolve', number: 3, note: 'rotated the key and redeployed' }],
    ['resolve B-3', { kind: 'resolve', number: 3, note: '' }],
    [
      'deploy pipeline is red',
      { kind: 'create', text: 'deploy pipeline is red', crossStream: false, ownerSlackId: null, streamKey: null, needsStreamKey: null },
    ],
    [
      'SSO metadata missing #cross-stream <@U0KAI|kai> stream:governance',
      {
        kind: 'create',
        text: 'SSO metadata missing',
        crossStream: true,
        ownerSlackId: 'U0KAI',
        streamKey: 'governance',
        needsStreamKey: null,
      },
    ],
    [
      'needs:runtime GPU quota for the eval harness',
      {
        kind: 'create',
        text: 'GPU quota for the eval harness',
        crossStream: true,
        ownerSlackId: null,
        streamKey: null,
        needsStreamKey: 'runtime',
      },
    ],
    [
      'schema freeze <#C0123|cross-stream> <@W0ADA>',
      { kind: 'create', text: 'schema freeze', crossStream: true, ownerSlackId: 'W0ADA', streamKey: null, needsStreamKey: null },
    ],
  ])('"%s"', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, value: command });
  });

  it.each([
    ['ack', '`/blocker ack` needs a blocker id, e.g. `/blocker ack B-12`.'],
    ['ack twelve', '"twelve" is not a blocker id; ids look like B-12.'],
    ['ack B-1 B-2', '`/blocker ack` takes just the blocker id, e.g. `/blocker ack B-12`.'],
    ['resolve', '`/blocker resolve` needs a blocker id, e.g. `/blocker resolve B-12`.'],
    ['list stream:runtim', '`stream:runtim` is not a stream (expected one of governance, runtime, experience).'],
    ['list everything', 'I don\'t know the filter "everything". Use `/blocker list`, `list mine`, `list stream:<key>` or `list all`.'],
    ['list mine all', '`/blocker list` takes one filter: `mine`, `stream:<key>` or `all`.'],
    [
      '#cross-stream <@U1>',
      'Describe what is blocked: `/blocker <what is blocked> [#cross-stream] [@owner] [stream:<key>] [needs:<key>]`.',
    ],
    ['api down stream:gov', '`stream:gov` is not a stream (expected one of governance, runtime, experience).'],
    ['api down needs:ops', '`needs:ops` is not a stream (expected one of governance, runtime, experience).'],
    ['api down stream:runtime needs:runtime', '`needs:` names another stream than the blocked one.'],
    ['api down <@U1> <@U2>', 'A blocker has one owner; mention only one person.'],
    ['api down @kai', '"@kai" is not a Slack mention. Pick the owner from Slack\'s @ autocomplete so it becomes a mention.'],
    ['api down stream:runtime stream:governance', 'Give one `stream:` (the stream that is blocked).'],
    [`${'x'.repeat(1001)}`, "Keep the description under 1000 characters (it has 1001); put details in the blocker's thread."],
  ])('"%s" is refused: %s', (text, reason) => {
    // Every parse refusal is about the input itself, so the listener shows /blocker help after it.
    expect(parse(text)).toEqual({ ok: false, refusal: { kind: 'usage', reason } });
  });
});

describe('escalation policy', () => {
  const hour = 3600_000;
  const policy: EscalationPolicy = {
    ackStopsCurrentLevel: true,
    levels: [
      { level: 0, after: 0, tags: [], notify: ['tiger-crew'] },
      { level: 1, after: 4 * hour, tags: ['cross-stream'], notify: ['stream-leads', 'escalation-channel'] },
      { level: 2, after: 8 * hour, tags: ['cross-stream'], notify: ['exec-channel'] },
    ],
  };
  const createdAt = new Date('2025-10-08T17:00:00Z'); // 10:00 PDT
  const base = { createdAt, crossStream: true, escalationLevel: -1, state: 'open' as const, ackedAt: null };
  const due = (b: Parameters<typeof nextEscalation>[1]) => {
    const n = nextEscalation(policy, b);
    return n === null ? null : [n.level.level, n.dueAt.toISOString()];
  };

  it('a cross-stream blocker: Tiger Crew at once, leads at 4 h (14:00 PDT), exec at 8 h', () => {
    expect(due(base)).toEqual([0, '2025-10-08T17:00:00.000Z']);
    expect(due({ ...base, escalationLevel: 0 })).toEqual([1, '2025-10-08T21:00:00.000Z']);
    expect(due({ ...base, escalationLevel: 1 })).toEqual([2, '2025-10-09T01:00:00.000Z']);
    expect(due({ ...base, escalationLevel: 2 })).toBeNull();
  });

  it('a blocker without the tag stops after level 0', () => {
    expect(due({ ...base, crossStream: false, escalationLevel: 0 })).toBeNull();
  });

  it('resolving stops everything', () => {
    expect(due({ ...base, escalationLevel: 0, state: 'resolved' })).toBeNull();
  });

  it('acknowledging stops the pending level only; the next one keeps its clock', () => {
    const ackedAt = new Date(createdAt.getTime() + 1 * hour);
    expect(due({ ...base, escalationLevel: 0, state: 'acked', ackedAt })).toEqual([2, '2025-10-09T01:00:00.000Z']);
    const lateAck = new Date(createdAt.getTime() + 5 * hour);
    expect(due({ ...base, escalationLevel: 1, state: 'acked', ackedAt: lateAck })).toBeNull();
    expect(
      nextEscalation({ ...policy, ackStopsCurrentLevel: false }, { ...base, escalationLevel: 0, state: 'acked', ackedAt })?.level.level,
    ).toBe(1);
  });
});
