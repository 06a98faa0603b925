import { afterAll, beforeAll, describe, expect } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { postSlashCommand } from './support/signedHttp.js';
import { story } from './support/story.js';
import { channelIds, GUEST, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';

// The manual path for teams without Linear: no tracker in the config, work entered with /sprint.
const config = exampleConfig();
const clock = new SettableClock('2025-10-08T17:00:00Z'); // Wed 10:00 PDT, day 5 of sprint 1

let slack: SlackWorkspace;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let ch: Map<string, string>;
let u: Map<string, string>;

type Reply = { text: string; blocks?: { type: string; text?: { text: string } }[] };

async function sprint(handle: string, text: string): Promise<Reply> {
  const res = await postSlashCommand(
    baseUrl,
    { command: '/sprint', text, user_id: u.get(handle) as string, channel_id: ch.get('governance-core') },
    { secret: SIGNING_SECRET },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Reply;
}

const sections = (r: Reply) => (r.blocks ?? []).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
const events = async () =>
  (await app.deps.repos.workItems.events()).map((e) => [e.identifier, e.kind, e.from, e.to, e.source, e.at.toISOString()]);

describe.each(DATABASE_KINDS)('work with /sprint on the %s database', (kind) => {
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-08T17:00:00Z');
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    testDb = await createTestDatabase(kind, 'sprintwork');
    ({ app, baseUrl } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb }));
    ch = await channelIds(slack.apiUrl);
    u = await userIds(slack.apiUrl);
  });

  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await testDb?.drop();
  });

  step(
    'points on a new item: it joins the current sprint in the person’s stream, or the stream named, with the same events as Linear’s',
    async () => {
      expect((await sprint('omar', 'points gov-3 5')).text).toBe('GOV-3 joins sprint 1 in Governance Core with 5 points.');
      expect((await sprint('omar', 'points RUN-4 3 runtime')).text).toBe('RUN-4 joins sprint 1 in Runtime & Training with 3 points.');
      expect((await sprint('kai', 'points RUN-5 2.5')).text).toBe('RUN-5 joins sprint 1 in Runtime & Training with 2.5 points.');
      expect(await app.deps.repos.workItems.byIdentifier('GOV-3')).toMatchObject({
        trackerId: 'manual:GOV-3',
        streamKey: 'governance',
        sprintNumber: 1,
        points: 5,
        state: 'unstarted',
        assignee: 'omar',
      });
      const at = '2025-10-08T17:00:00.000Z';
      expect((await events()).filter((e) => e[0] === 'GOV-3')).toEqual([
        ['GOV-3', 'added', null, '1', 'command', at],
        ['GOV-3', 'points', null, '5', 'command', at],
        ['GOV-3', 'state', null, 'unstarted', 'command', at],
        ['GOV-3', 'stream', null, 'governance', 'command', at],
      ]);
    },
  );

  step('status shows each stream’s points done and remaining', async () => {
    const reply = await sprint('omar', '');
    expect(reply.text).toBe('Sprint: day 5 of 14 (2025-10-04 → 2025-10-17)');
    const [gov, run, exp] = sections(reply);
    expect(gov).toContain('\nWork: 0 points done of 5 points · 5 points remaining');
    expect(run).toContain('\nWork: 0 points done of 5.5 points · 5.5 points remaining');
    // A stream with no work recorded shows no work line.
    expect(exp).not.toContain('Work:');
  });

  step('done marks an item completed; points change an estimate; status follows, for one stream when named', async () => {
    clock.set('2025-10-09T22:00:00Z');
    expect((await sprint('omar', 'done GOV-3')).text).toBe('GOV-3 is done (5 points).');
    expect((await sprint('omar', 'done GOV-3')).text).toBe('GOV-3 is already done.');
    expect((await sprint('noor', 'points RUN-4 8')).text).toBe('RUN-4 is now 8 points.');
    expect((await sprint('noor', 'points RUN-4 8 experience')).text).toBe('RUN-4 is now 8 points (moved to Experience & Ecosystem).');
    const later = '2025-10-09T22:00:00.000Z';
    expect((await events()).filter((e) => e[5] === later)).toEqual([
      ['GOV-3', 'state', 'unstarted', 'completed', 'command', later],
      ['RUN-4', 'points', '3', '8', 'command', later],
      ['RUN-4', 'stream', 'runtime', 'experience', 'command', later],
    ]);
    expect((await app.deps.repos.workItems.byIdentifier('GOV-3'))?.completedAt?.toISOString()).toBe(later);
    const gov = sections(await sprint('omar', 'status governance'));
    expect(gov).toHaveLength(1);
    expect(gov[0]).toContain('*Sprint 2 – Governance Core*');
    expect(gov[0]).toContain('Work: 5 points done of 5 points · 0 points remaining');
    expect(sections(await sprint('omar', 'experience'))[0]).toContain('Work: 0 points done of 8 points · 8 points remaining');
  });

  step('bad input gets a specific message, the help when it is malformed, and changes nothing', async () => {
    const before = await events();
    const malformed = (await sprint('omar', 'points GOV-3 lots')).text;
    expect(malformed).toMatch(/^"lots" is not a number of points \(expected 0 to 100, whole or \.5\)\.\n\n\*\/sprint\* — /);
    expect((await sprint('omar', 'points GOV-3 101')).text).toMatch(/^"101" is not a number of points/);
    expect((await sprint('omar', 'points gov3 2')).text).toMatch(/^"gov3" is not an item id; ids look like GOV-12\./);
    expect((await sprint('omar', 'points GOV-3')).text).toMatch(/^The points are missing: `\/sprint points GOV-12 5 \[stream\]`\./);
    expect((await sprint('omar', 'points GOV-3 2 platform')).text).toMatch(
      /^"platform" is not a stream \(expected one of governance, runtime, experience\)\./,
    );
    expect((await sprint('omar', 'velocity please')).text).toMatch(
      /^I don't know `\/sprint velocity please`\. Try `\/sprint` for the sprint status or `\/sprint help`\./,
    );
    // Well-formed but refused: the reason alone.
    expect((await sprint('omar', 'done NOPE-1')).text).toBe(
      'Paceline does not know NOPE-1. Give it points first: `/sprint points NOPE-1 <n>`.',
    );
    expect((await sprint(GUEST, 'points GOV-9 1')).text).toBe("Only people in Paceline's config can change work items.");
    expect(await events()).toEqual(before);
    expect(await app.deps.repos.workItems.byIdentifier('GOV-9')).toBeNull();
  });
  step('the next sprint starts from its own items: status reads only the sprint’s', async () => {
    clock.set('2025-10-21T17:00:00Z'); // Tue 10:00 PDT, day 4 of sprint 2
    expect((await sprint('omar', 'points GOV-7 3')).text).toBe('GOV-7 joins sprint 2 in Governance Core with 3 points.');
    const ids = async (n: number) => (await app.deps.repos.workItems.inSprint(n)).map((i) => i.identifier);
    expect(await ids(2)).toEqual(['GOV-7']);
    expect(await ids(1)).toEqual(['GOV-3', 'RUN-4', 'RUN-5']);
    const [gov, run] = sections(await sprint('omar', ''));
    expect(gov).toContain('Work: 0 points done of 3 points · 3 points remaining');
    expect(run).not.toContain('Work:');
  });
  step('people asking at once share one read of the sprint; a change, or a second passing, makes the next read fresh', async () => {
    const work = app.deps.services.workItems;
    const [a, b] = await Promise.all([work.work(2), work.work(2)]);
    expect(b).toBe(a);
    expect(await work.work(2)).toBe(a);
    // Told the change is stored, the next status shows it, at the same instant.
    expect((await sprint('omar', 'points GOV-7 8')).text).toBe('GOV-7 is now 8 points.');
    expect(sections(await sprint('omar', 'governance'))[0]).toContain('Work: 0 points done of 8 points · 8 points remaining');
    const fresh = await work.work(2);
    expect(fresh).not.toBe(a);
    expect(await work.work(2)).toBe(fresh);
    clock.advance(1000);
    expect(await work.work(2)).not.toBe(fresh);
  });
});
