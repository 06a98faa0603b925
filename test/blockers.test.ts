import { afterAll, beforeAll, describe, expect } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { exampleConfig, SIGNING_SECRET, BOT_TOKEN, startTestApp } from './support/paceline.js';
import { postBlockAction, postSlashCommand, postViewSubmission } from './support/signedHttp.js';
import { story } from './support/story.js';
import { channelIds, ephemerals, history, slackApi, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';

const config = exampleConfig();
// Wednesday 2025-10-08, 10:00 PDT. Today's Tiger Crew (per `paceline plan`): Felix and Yuki.
const clock = new SettableClock('2025-10-08T17:00:00Z');

let slack: SlackWorkspace;
let testDb: TestDatabase;
let a: RunningPaceline;
let b: RunningPaceline;
let baseA: string;
let baseB: string;
let ch: Map<string, string>;
let u: Map<string, string>;

async function startBoth() {
  const common = { config, apiUrl: slack.apiUrl, clock, database: testDb };
  ({ app: a, baseUrl: baseA } = await startTestApp({ ...common, replicaId: 'blockers-a' }));
  // The embedded database serves one process: there, the "second replica" is the same app.
  if (testDb.kind === 'embedded') {
    b = a;
    baseB = baseA;
    return;
  }
  ({ app: b, baseUrl: baseB } = await startTestApp({ ...common, replicaId: 'blockers-b' }));
}

async function blocker(handle: string, text: string, base = baseA, channel = 'governance-core') {
  const res = await postSlashCommand(
    base,
    { command: '/blocker', text, user_id: u.get(handle) as string, channel_id: ch.get(channel) },
    { secret: SIGNING_SECRET },
  );
  expect(res.status).toBe(200);
  const body = await res.text();
  await a.idle();
  await b.idle();
  return body === '' ? '' : ((JSON.parse(body) as { text: string }).text ?? '');
}

async function lastEphemeral(channel: string, handle: string): Promise<string | undefined> {
  return (await ephemerals(slack.emulator.url, ch.get(channel) as string)).find((e) => e.user === handle)?.text;
}

async function newest(): Promise<number> {
  const all = await a.deps.repos.blockers.list({ includeResolved: true });
  return Math.max(...all.map((x) => x.number));
}

async function tickBoth(instant: string) {
  clock.set(instant);
  await Promise.all([a.runner.tick(), b.runner.tick()]);
}

async function button(actionId: string, handle: string, value: string, channel = 'governance-core') {
  const trigger = await slackApi<{ trigger_id: string }>(slack.apiUrl, 'views.generateTriggerId', { user_id: u.get(handle) }, BOT_TOKEN);
  const res = await postBlockAction(
    baseB,
    {
      userId: u.get(handle) as string,
      handle,
      actionId,
      value,
      channel: { id: ch.get(channel) as string, name: channel },
      triggerId: trigger.trigger_id,
    },
    { secret: SIGNING_SECRET },
  );
  expect(res.status).toBe(200);
  await b.idle();
}

// Every flow runs on PostgreSQL and on the embedded PGlite that newcomers get by default.
describe.each(DATABASE_KINDS)('blockers on the %s database', (kind) => {
  // Each test is a step of one story; run alone, it replays the steps before it.
  const { step } = story();

  beforeAll(async () => {
    clock.set('2025-10-08T17:00:00Z');
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    testDb = await createTestDatabase(kind, 'blockers');
    await startBoth();
    ch = await channelIds(slack.apiUrl);
    u = await userIds(slack.apiUrl);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await slack?.close();
    await testDb?.drop();
  });

  describe('/blocker through two replicas', () => {
    step('answers help and every malformed command with a specific message', async () => {
      expect(await blocker('omar', 'help')).toMatch(/^\*\/blocker\* — file and track blockers/);
      // Malformed input gets its reason and then the help; a well-formed command that is refused
      // (below: an unknown id) gets the reason alone.
      expect(await blocker('omar', 'ack')).toMatch(
        /^`\/blocker ack` needs a blocker id, e\.g\. `\/blocker ack B-12`\.\n\n\*\/blocker\* — file and track blockers/,
      );
      expect(await blocker('omar', 'api down stream:gov')).toMatch(
        /^`stream:gov` is not a stream \(expected one of governance, runtime, experience\)\./,
      );
      expect(await blocker('omar', 'resolve B-999')).toBe('There is no blocker B-999. `/blocker list` shows the open ones.');
      expect(await a.deps.repos.blockers.list({ includeResolved: true })).toEqual([]);
    });

    step('files a cross-stream blocker at 10:00 PT: posted with buttons in the stream channel, Tiger Crew paged at once', async () => {
      const kai = u.get('kai') as string;
      // The acknowledgement itself says it is filed: the blocker is stored before Slack is answered.
      const ackText = await blocker('omar', `SSO metadata missing for the token exchange needs:runtime <@${kai}|kai>`);
      const n = await newest();
      expect(ackText).toBe(`Filed B-${n} in Governance Core (cross-stream).`);
      const filed = await a.deps.repos.blockers.byNumber(n);
      expect(filed).toMatchObject({
        streamKey: 'governance',
        needsStreamKey: 'runtime',
        crossStream: true,
        ownerSlackId: kai,
        state: 'open',
        escalationLevel: 0,
      });
      expect(filed?.nextEscalationAt?.toISOString()).toBe('2025-10-08T21:00:00.000Z');
      const posts = await history(slack.apiUrl, ch.get('governance-core') as string);
      const post = posts.find((p) => p.ts === filed?.messageTs);
      expect(post?.text).toBe(`B-${n} (open) Governance Core needs Runtime & Training: SSO metadata missing for the token exchange`);
      expect(JSON.stringify((post as unknown as { blocks: unknown }).blocks)).toMatch(/blocker_ack.*blocker_swarm.*blocker_resolve/);
      const thread = await slackApi<{ messages: { text: string }[] }>(slack.apiUrl, 'conversations.replies', {
        channel: ch.get('governance-core'),
        ts: filed?.messageTs,
      });
      expect(thread.messages.map((m) => m.text)).toContain(
        `<@${u.get('felix')}> <@${u.get('yuki')}>: new blocker B-${n} in Governance Core — please swarm.`,
      );
    });

    step('files with each option, defaulting to the reporter’s stream', async () => {
      await blocker('noor', 'eval cluster quota exhausted', baseB, 'runtime-training');
      expect(await a.deps.repos.blockers.byNumber(await newest())).toMatchObject({
        streamKey: 'runtime',
        crossStream: false,
        needsStreamKey: null,
        ownerSlackId: null,
      });
      await blocker('felix', 'marketplace API contract unclear #cross-stream stream:experience', baseB, 'experience-ecosystem');
      expect(await a.deps.repos.blockers.byNumber(await newest())).toMatchObject({
        streamKey: 'experience',
        crossStream: true,
        needsStreamKey: null,
      });
    });

    step('lists open blockers: all, mine, by stream', async () => {
      await blocker('omar', 'list');
      expect(await lastEphemeral('governance-core', 'omar')).toMatch(
        /^\*Open blockers\* \(3\)\n• \*B-1\* Governance Core `cross-stream` · open · 0 h old — SSO metadata/,
      );
      await blocker('omar', 'list mine');
      expect(await lastEphemeral('governance-core', 'omar')).toMatch(/^\*Your open blockers\* \(1\)\n• \*B-1\*/);
      await blocker('omar', 'list stream:runtime');
      // B-1 needs Runtime, so Runtime sees it too.
      expect(await lastEphemeral('governance-core', 'omar')).toMatch(
        /^\*Open blockers of Runtime & Training\* \(2\)\n• \*B-1\*.*\n• \*B-2\*/,
      );
    });

    step('escalates the cross-stream blocker to both leads at 14:00 PT, not before, exactly once across two replicas', async () => {
      await tickBoth('2025-10-08T20:59:00Z');
      expect(await history(slack.apiUrl, ch.get('sprint-escalations') as string)).toHaveLength(0);
      await tickBoth('2025-10-08T21:00:00Z');
      await tickBoth('2025-10-08T21:01:00Z');
      const posts = await history(slack.apiUrl, ch.get('sprint-escalations') as string);
      // B-1 (governance needs runtime) and B-3 (experience, cross-stream) were both filed at 10:00.
      expect(posts).toHaveLength(2);
      const b1 = posts.find((p) => p.text.includes('B-1 '));
      expect(b1?.text).toMatch(
        new RegExp(
          `^:rotating_light: Escalation level 1: B-1 \\(Governance Core needs Runtime & Training, cross-stream\\) is unresolved after 4 h\\. <@${u.get('ada')}> <@${u.get('kai')}>\\n>SSO metadata`,
        ),
      );
      const events = await a.deps.repos.blockers.events(1);
      expect(events.filter((e) => e.kind === 'escalated').map((e) => [e.level, e.at.toISOString()])).toEqual([
        [0, '2025-10-08T17:00:00.000Z'],
        [1, '2025-10-08T21:00:00.000Z'],
      ]);
      // B-2 has no cross-stream tag: level 0 only.
      expect((await a.deps.repos.blockers.byNumber(2))?.escalationLevel).toBe(0);
      const metrics = (await Promise.all([...new Set([a, b])].map((app) => app.deps.metrics.registry.metrics()))).join('\n');
      const level1 = [...metrics.matchAll(/paceline_blocker_escalations_total\{level="1"\} (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
      expect(level1).toBe(2);
      // The open-blocker gauges are read when /metrics is scraped: B-1, B-2 and B-3 were filed
      // at 17:00 UTC, one in each stream, and it is 21:01 now (4 h 1 min = 14,460 s).
      const scraped = await (await fetch(`${baseA}/metrics`)).text();
      for (const stream of ['governance', 'runtime', 'experience']) {
        expect(scraped).toContain(`paceline_blockers_open{stream="${stream}"} 1\n`);
        expect(scraped).toContain(`paceline_blocker_oldest_open_age_seconds{stream="${stream}"} 14460\n`);
      }
    });

    step('acknowledges by command and updates the message in place; a second ack is refused', async () => {
      expect(await blocker('kai', 'ack B-2', baseB, 'runtime-training')).toBe('');
      const b2 = await a.deps.repos.blockers.byNumber(2);
      expect(b2?.state).toBe('acked');
      const post = (await history(slack.apiUrl, ch.get('runtime-training') as string)).find((p) => p.ts === b2?.messageTs);
      expect(post?.text).toBe('B-2 (acknowledged) Runtime & Training: eval cluster quota exhausted');
      expect(await blocker('kai', 'ack B-2', baseB, 'runtime-training')).toBe('B-2 is already acknowledged.');
    });

    step('refuses to let someone uninvolved resolve, and lets a lead resolve', async () => {
      expect(await blocker('theo', 'resolve B-3 fixed it', baseA, 'experience-ecosystem')).toBe(
        "Only the reporter, the owner, the stream leads, today's Tiger Crew or an admin can resolve B-3. Swarm it instead, or ask one of them.",
      );
      expect((await a.deps.repos.blockers.byNumber(3))?.state).toBe('open');
      expect(await blocker('mira', 'resolve B-3 contract agreed with Marketplace Ops', baseA, 'experience-ecosystem')).toBe('');
      expect(await a.deps.repos.blockers.byNumber(3)).toMatchObject({
        state: 'resolved',
        resolution: 'contract agreed with Marketplace Ops',
        nextEscalationAt: null,
      });
    });

    step('buttons: Swarm adds the presser, Acknowledge acks, Resolve opens a modal whose note resolves it', async () => {
      await button('blocker_swarm', 'lena', '1');
      expect((await a.deps.repos.blockers.byNumber(1))?.swarm).toEqual([u.get('lena')]);
      await button('blocker_swarm', 'lena', '1');
      expect(await lastEphemeral('governance-core', 'lena')).toBe('You are already swarming B-1.');
      await button('blocker_ack', 'ada', '1');
      expect((await a.deps.repos.blockers.byNumber(1))?.state).toBe('acked');
      await button('blocker_resolve', 'omar', '1');
      const views = await (await fetch(`${slack.emulator.url}/?tab=views`)).text();
      expect(views).toContain('SSO metadata missing for the token exchange');
      const submitted = await postViewSubmission(
        baseA,
        {
          userId: u.get('omar') as string,
          handle: 'omar',
          callbackId: 'blocker_resolve_modal',
          metadata: { number: 1 },
          values: { note: 'Identity Ops shared the metadata' },
        },
        { secret: SIGNING_SECRET },
      );
      expect(submitted.status).toBe(200);
      await a.idle();
      expect(await a.deps.repos.blockers.byNumber(1)).toMatchObject({ state: 'resolved', resolution: 'Identity Ops shared the metadata' });
      const events = (await a.deps.repos.blockers.events(1)).map((e) => e.kind);
      expect(events).toEqual(['created', 'escalated', 'escalated', 'swarmed', 'acked', 'resolved']);
    });

    step('answers buttons with unknown or stale ids cleanly', async () => {
      await button('blocker_ack', 'ada', '999');
      expect(await lastEphemeral('governance-core', 'ada')).toBe('There is no blocker B-999. `/blocker list` shows the open ones.');
      await button('blocker_swarm', 'ada', 'not-a-number');
      expect(await lastEphemeral('governance-core', 'ada')).toBe('That button does not name a blocker; use `/blocker list`.');
      await button('blocker_resolve', 'ada', '1');
      expect(await lastEphemeral('governance-core', 'ada')).toBe('B-1 is already resolved.');
    });

    step('never escalates a blocker resolved before its deadline', async () => {
      clock.set('2025-10-08T22:00:00Z');
      await blocker('omar', 'waiting on policy review #cross-stream');
      const n = await newest();
      await blocker('omar', `resolve B-${n} review done`);
      await tickBoth('2025-10-09T02:00:00Z');
      expect(
        (await a.deps.repos.blockers.events((await a.deps.repos.blockers.byNumber(n))?.id as number))
          .filter((e) => e.kind === 'escalated')
          .map((e) => e.level),
      ).toEqual([0]);
    });

    step('a replayed /blocker request files once, and two Swarm presses at once add one swarmer and one timeline entry', async () => {
      clock.set('2025-10-09T17:05:00Z');
      const before = (await a.deps.repos.blockers.list({ includeResolved: true })).length;
      const request = {
        command: '/blocker',
        text: 'replayed request',
        user_id: u.get('omar') as string,
        channel_id: ch.get('governance-core'),
      };
      const replies = await Promise.all(
        [baseA, baseB, baseA].map((base) =>
          postSlashCommand(base, { ...request, trigger_id: '4242.replayed' }, { secret: SIGNING_SECRET }),
        ),
      );
      const texts = await Promise.all(replies.map(async (r) => ((await r.json()) as { text: string }).text));
      await a.idle();
      await b.idle();
      expect(new Set(texts).size).toBe(1);
      expect(texts[0]).toMatch(/^Filed B-\d+ in Governance Core\.$/);
      expect((await a.deps.repos.blockers.list({ includeResolved: true })).length).toBe(before + 1);
      const n = await newest();
      await Promise.all([button('blocker_swarm', 'theo', String(n)), button('blocker_swarm', 'theo', String(n))]);
      const filed = await a.deps.repos.blockers.byNumber(n);
      expect(filed?.swarm).toEqual([u.get('theo')]);
      expect((await a.deps.repos.blockers.events(filed?.id as number)).filter((e) => e.kind === 'swarmed')).toHaveLength(1);
      const thread = await slackApi<{ messages: { text: string }[] }>(slack.apiUrl, 'conversations.replies', {
        channel: ch.get('governance-core'),
        ts: filed?.messageTs,
      });
      expect(thread.messages.filter((m) => m.text.startsWith(`<@${u.get('theo')}> is swarming B-${n}.`))).toHaveLength(1);
    });

    step('control characters are removed from what people type; text made only of them is refused', async () => {
      clock.set('2025-10-09T17:06:00Z');
      const filed = await blocker('omar', 'disk\u0000 full\u0007 on the runner');
      expect(filed).toMatch(/^Filed B-\d+ in Governance Core\.$/);
      expect((await a.deps.repos.blockers.byNumber(await newest()))?.text).toBe('disk full on the runner');
      expect(await blocker('omar', '\u0000\u0001\u0002')).toBe(
        'Your /blocker text was only control characters, so there is nothing to read. Type it again.',
      );
    });

    step('repeats what people typed without pinging anyone or escaping it twice; an owner must be in the workspace', async () => {
      clock.set('2025-10-09T17:07:00Z');
      const filed = await blocker('omar', '<!channel> <!subteam^S123|@sre> R&amp;D &lt;b&gt; build is red');
      expect(filed).toMatch(/^Filed B-\d+ in Governance Core\.$/);
      const n = await newest();
      const stored = await a.deps.repos.blockers.byNumber(n);
      expect(stored?.text).toBe('@channel @sre R&D <b> build is red');
      const post = (await history(slack.apiUrl, ch.get('governance-core') as string)).find((p) => p.ts === stored?.messageTs);
      expect(post?.text).toBe(`B-${n} (open) Governance Core: @channel @sre R&amp;D &lt;b&gt; build is red`);
      const everything = JSON.stringify(post);
      expect(everything).not.toMatch(/<!channel>|<!subteam|&amp;amp;/);
      expect(await blocker('omar', 'needs an owner <@U0NOTREAL1|ghost>')).toBe(
        "U0NOTREAL1 is not a member of this workspace; pick the owner from Slack's @ autocomplete.",
      );
      // Someone in the workspace but not in the config may own a blocker.
      expect(await blocker('omar', `vendor call <@${u.get('guest')}|guest>`)).toMatch(/^Filed B-\d+ in Governance Core\.$/);
    });

    step('after 6 hours down, posts each overdue escalation once, marked late', async () => {
      clock.set('2025-10-09T17:00:00Z'); // Thursday 10:00 PDT
      await blocker('lena', 'audit export blocked on runtime storage needs:runtime');
      const n = await newest();
      await tickBoth('2025-10-09T17:30:00Z');
      await a.stop();
      await b.stop();
      // Down from 10:30 to 18:30 PDT: level 1 was due at 14:00, level 2 at 18:00.
      clock.set('2025-10-10T01:30:00Z');
      await startBoth();
      await Promise.all([a.runner.tick(), b.runner.tick()]);
      const esc = (await history(slack.apiUrl, ch.get('sprint-escalations') as string)).filter((p) => p.text.includes(`B-${n} `));
      expect(esc).toHaveLength(1);
      expect(esc[0]?.text).toContain('_(late: it was due Thu 14:00 PDT; Paceline was not running)_');
      const exec = (await history(slack.apiUrl, ch.get('exec-updates') as string)).filter((p) => p.text.includes(`B-${n} `));
      expect(exec).toHaveLength(1);
      expect(exec[0]?.text).toMatch(
        /^:rotating_light: Escalation level 2: .*_\(late: it was due Thu 18:00 PDT; Paceline was not running\)_/,
      );
      await Promise.all([a.runner.tick(), b.runner.tick()]);
      expect((await history(slack.apiUrl, ch.get('exec-updates') as string)).filter((p) => p.text.includes(`B-${n} `))).toHaveLength(1);
    });
  });
});
