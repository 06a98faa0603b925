import { describe, expect, it } from 'vitest';
import { parseStandup, type StreamRef } from '../src/domain/standupParser.js';

const streams: StreamRef[] = [
  { key: 'governance', name: 'Governance Core', channelId: 'C0GOV' },
  { key: 'runtime', name: 'Runtime & Training', channelId: 'C0RUN' },
  { key: 'experience', name: 'Experience & Ecosystem', channelId: 'C0EXP' },
];

describe('stand-up answers as people write them', () => {
  const cases: [string, string, Partial<ReturnType<typeof parseStandup>>][] = [
    [
      'the classic three labels',
      'Yesterday: finished the policy diff\nToday: wire it into the gateway\nBlockers: none',
      { yesterday: ['finished the policy diff'], today: ['wire it into the gateway'], blockers: [], handoffs: [], notes: [] },
    ],
    [
      'single-letter labels, any order',
      'T: review PRs\nY: on-call handover\nB: n/a',
      { yesterday: ['on-call handover'], today: ['review PRs'], blockers: [] },
    ],
    [
      'bold labels on their own line with bullets under them',
      '*Yesterday*\n• shipped the SLM eval harness\n• fixed flaky test\n*Today*\n- tune batch size\n*Blockers*\n- waiting on GPU quota from infra',
      {
        yesterday: ['shipped the SLM eval harness', 'fixed flaky test'],
        today: ['tune batch size'],
        blockers: ['waiting on GPU quota from infra'],
      },
    ],
    [
      'emoji in front of labels, Geekbot style',
      ':white_check_mark: Yesterday: rate limiter\n:dart: Today: dashboards\n:no_entry: Blockers: -',
      { yesterday: ['rate limiter'], today: ['dashboards'], blockers: [] },
    ],
    [
      'unicode emoji and a numbered list',
      '✅ Yesterday:\n1. audit log schema\n2) retention policy\n🎯 Today: load test',
      { yesterday: ['audit log schema', 'retention policy'], today: ['load test'] },
    ],
    [
      '"Blocked on …" opens the blockers section and is kept',
      'Today: integrate identity ops\nBlocked on the SSO metadata from <@U0ADA>',
      { today: ['integrate identity ops'], blockers: ['Blocked on the SSO metadata from @U0ADA'], mentions: ['U0ADA'] },
    ],
    [
      'a handoff that names another stream is tagged with it',
      'Handoffs: policy bundle v2 ready for runtime to pick up\nH - schema review for Experience & Ecosystem',
      {
        handoffs: [
          { text: 'policy bundle v2 ready for runtime to pick up', toStream: 'runtime' },
          { text: 'schema review for Experience & Ecosystem', toStream: 'experience' },
        ],
      },
    ],
    [
      'a handoff naming a stream channel',
      'Handoff to <#C0GOV|governance-core>: the token exchange spec',
      {
        handoffs: [{ text: 'Handoff to #governance-core: the token exchange spec', toStream: 'governance' }],
        streams: ['governance'],
      },
    ],
    [
      'no labels at all still counts as an answer',
      'Mostly meetings, picking up the marketplace ticket after lunch.',
      { notes: ['Mostly meetings, picking up the marketplace ticket after lunch.'], yesterday: [], today: [] },
    ],
    [
      'prose that starts with a label word is not a label',
      'Today I fixed the build and tomorrow the docs.',
      { notes: ['Today I fixed the build and tomorrow the docs.'], today: [] },
    ],
    ['"none" in many spellings', 'Blockers: None 🎉\nHandoffs: N/A\nY: nothing', { blockers: [], handoffs: [], yesterday: [] }],
    [
      'lower case, extra spaces and Windows line ends',
      '  yesterday :   ci fixes \r\n  today-  release notes\r\n',
      { yesterday: ['ci fixes'], today: ['release notes'] },
    ],
    [
      'a label with text both on its line and below',
      'Today: two things\n- migrate flags\n- pair with Kai',
      { today: ['two things', 'migrate flags', 'pair with Kai'] },
    ],
    ['an empty message is empty', '   \n  ', { yesterday: [], today: [], blockers: [], handoffs: [], notes: [] }],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(parseStandup(text, streams)).toMatchObject(expected);
  });

  it('keeps a very long answer whole (Slack allows 40,000 characters)', () => {
    const long = `Today: ${'x'.repeat(10_000)}`;
    expect(parseStandup(long).today[0]).toHaveLength(10_000);
  });
});
