import { describe, expect, it } from 'vitest';
import { digestMessage } from '../src/slack/presenters/digest.js';
import type { DigestStreamView, DigestView } from '../src/services/ports.js';

const stream = (name: string, o: Partial<DigestStreamView> = {}): DigestStreamView => ({
  name,
  status: 'on track',
  done: 10,
  remaining: 5,
  probability: 0.91,
  p50: '2025-10-15',
  p85: '2025-10-16',
  velocity: '↑ 1.2 → 1.6 pts/day',
  ...o,
});
const view = (streams: DigestStreamView[], o: Partial<DigestView> = {}): DigestView => ({
  title: 'Sprint 1 digest',
  sprintDay: 'day 10 of 14',
  streams,
  risks: [
    { text: 'B-7 open 2 days, escalated to level 1: SSO <metadata>', owner: 'U0KAI', streamName: 'Runtime & Training' },
    { text: 'scope grew 30 % since day 1', owner: 'ada', streamName: 'Governance Core' },
  ],
  changelog: [{ title: 'Policy engine', url: 'https://github.com/acme/gov/pull/1', streamName: 'Governance Core' }],
  blockers: { opened: 4, resolved: 3, escalated: 1, medianAck: '18 min', medianResolve: '5 h' },
  standup: { answered: 68, expected: 75 },
  chartFileId: 'F0CHART',
  late: null,
  ...o,
});
const texts = (blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[]) =>
  blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)]).filter(Boolean);

describe('the digest message', () => {
  it('shows each stream’s status, numbers and confidence, the chart, ranked risks with who acts, blockers, participation and highlights', () => {
    const { text, blocks } = digestMessage(
      view([
        stream('Governance Core'),
        stream('Runtime & Training', { status: 'at risk', probability: 0.62 }),
        stream('Experience', { status: 'not enough history', probability: null, p50: null, p85: null, velocity: null }),
      ]),
    );
    expect(text).toBe('Sprint 1 digest — 1 at risk · 1 not enough history · 1 on track');
    const all = texts(blocks as never).join('\n');
    expect(all).toContain(
      ":large_green_circle: *Governance Core* — on track · 10 done, 5 to go · 91 % by the sprint's end · P50 2025-10-15 · P85 2025-10-16 · velocity ↑ 1.2 → 1.6 pts/day",
    );
    expect(all).toContain(':large_yellow_circle: *Runtime &amp; Training* — at risk');
    expect(all).toContain(':white_circle: *Experience* — not enough history · 10 done, 5 to go · not enough history yet');
    expect(all).toContain('1. Runtime &amp; Training: B-7 open 2 days, escalated to level 1: SSO &lt;metadata&gt; — <@U0KAI>');
    expect(all).toContain('2. Governance Core: scope grew 30 % since day 1 — ada');
    expect(all).toContain('*Blockers last week:* 4 opened, 3 resolved, 1 escalated · median time to acknowledge 18 min, to resolve 5 h');
    expect(all).toContain('*Stand-up participation:* 91 % (68 of 75 answers)');
    expect(all).toContain('• <https://github.com/acme/gov/pull/1|Policy engine> (Governance Core)');
    expect(blocks.find((b) => b.type === 'image')).toEqual({
      type: 'image',
      slack_file: { id: 'F0CHART' },
      alt_text: 'Burndown of every stream and the total',
    });
  });

  it('says when it is late', () => {
    const { blocks } = digestMessage(view([stream('A')], { late: 'its 08:00 slot was missed while Paceline was down' }));
    expect(texts(blocks as never)).toContain(':hourglass: Posted late: its 08:00 slot was missed while Paceline was down');
  });

  it('stays within Slack’s limits for 50 streams: worst first, the rest counted, every section under 3,000 characters', () => {
    const streams = Array.from({ length: 50 }, (_, i) =>
      stream(`Stream ${String(i + 1).padStart(2, '0')} ${'with a long name '.repeat(4)}`, {
        status: i % 7 === 0 ? 'off track' : i % 3 === 0 ? 'at risk' : 'on track',
        probability: i % 7 === 0 ? 0.1 + i / 1000 : i % 3 === 0 ? 0.6 : 0.9,
      }),
    );
    const risks = Array.from({ length: 40 }, (_, i) => ({ text: `risk ${i} ${'x'.repeat(500)}`, owner: 'U1', streamName: `Stream ${i}` }));
    const { blocks } = digestMessage(view(streams, { risks }));
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const t of texts(blocks as never)) expect(t.length).toBeLessThanOrEqual(3000);
    const lines = texts(blocks as never);
    expect(lines.filter((t) => t.startsWith(':red_circle:'))).toHaveLength(8);
    expect(lines.some((t) => t.startsWith('And 42 more: '))).toBe(true);
    expect(lines.join('\n')).toContain('…and 35 more.');
    expect(lines[0]).toBe('Sprint 1 digest — day 10 of 14');
    expect(lines[1]).toBe('*Status of 50 streams:* 8 off track · 14 at risk · 28 on track');
  });
});
