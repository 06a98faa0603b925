import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock, SystemClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { isPacelineError } from '../src/errors.js';
import type { IncomingMessage } from 'node:http';
import { metricsRefusal } from '../src/http/health.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { type FaultProxy, startFaultProxy } from './support/faultProxy.js';
import { manifestSurfaces } from './support/manifest.js';
import { type CapturedLogs, exampleConfig, SIGNING_SECRET, BOT_TOKEN, startTestApp } from './support/paceline.js';
import { postEvent, postSigned, postSlashCommand, slackSignature } from './support/signedHttp.js';
import { channelIds, GUEST, slackApi, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';

// Bolt checks request timestamps against the real clock: requests stamped old or ahead use it too.
const slackWall = new SystemClock();
const config = exampleConfig();
// Friday 2025-10-10, 10:00 PDT: day 7 of the playbook sprint (demo day).
const clock = new SettableClock('2025-10-10T17:00:00Z');

let slack: SlackWorkspace;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;
let logs: CapturedLogs;
let ada: string;

beforeAll(async () => {
  slack = await startSlackWorkspace(config, SIGNING_SECRET);
  testDb = await createTestDatabase('postgres', 'app');
  ({ app, baseUrl, logs } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb }));
  const users = await slackApi<{ members: { id: string; name: string }[] }>(slack.apiUrl, 'users.list');
  ada = users.members.find((u) => u.name === 'ada')?.id as string;
});

afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await testDb?.drop();
});

async function command(text: string, command = '/sprint') {
  const res = await postSlashCommand(baseUrl, { command, text, user_id: ada }, { secret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  return (await res.json()) as { response_type: string; text: string; blocks?: { type: string; text?: { text: string } }[] };
}

describe('operations endpoints', () => {
  it('/healthz answers while the process is up', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('POST /webhooks/linear without tracker.linear in the config says so with a 404', async () => {
    const res = await fetch(`${baseUrl}/webhooks/linear`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'Linear is not configured here: add tracker.linear to paceline.yml (README, "Work from Linear")',
    });
    expect((await fetch(`${baseUrl}/webhooks/linear`)).status).toBe(405);
    const github = await fetch(`${baseUrl}/webhooks/github`, { method: 'POST', body: '{}' });
    expect([github.status, await github.json()]).toEqual([
      404,
      { error: 'GitHub is not configured here: add tracker.github to paceline.yml (README, "Work from GitHub")' },
    ]);
  });

  it('/readyz checks the database and Slack auth', async () => {
    const res = await fetch(`${baseUrl}/readyz`);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', slack: 'ok' } });
    expect(res.status).toBe(200);
  });

  it('/metrics exposes default metrics and counts each Slack surface', async () => {
    await command('');
    await command('help');
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(text).toContain('paceline_process_cpu_seconds_total');
    expect(text).toMatch(/paceline_slack_requests_total\{surface="command",name="\/sprint",outcome="ok"\} [2-9]/);
    expect(text).toMatch(/paceline_slack_request_duration_seconds_count\{surface="command",name="\/sprint"\} [2-9]/);
  });
});

describe('signed requests', () => {
  it('a bad signature is rejected with 401 and nothing runs', async () => {
    const before = await (await fetch(`${baseUrl}/metrics`)).text();
    const res = await postSlashCommand(baseUrl, { command: '/sprint', user_id: ada }, { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    const after = await (await fetch(`${baseUrl}/metrics`)).text();
    const count = (t: string) => /paceline_slack_requests_total\{surface="command",name="\/sprint",outcome="ok"\} (\d+)/.exec(t)?.[1];
    expect(count(after)).toBe(count(before));
  });

  it('a replayed request older than 5 minutes is rejected with 401', async () => {
    const body = 'command=%2Fsprint&text=&user_id=U1';
    const old = Math.floor(slackWall.now().getTime() / 1000) - 6 * 60;
    const res = await postSigned(`${baseUrl}/slack/events`, body, 'application/x-www-form-urlencoded', {
      secret: SIGNING_SECRET,
      timestamp: old,
      signature: slackSignature(SIGNING_SECRET, old, body),
    });
    expect(res.status).toBe(401);
  });
});

describe('requests that once took the app down or slipped through', () => {
  const signedNow = (body: string, type: string, o: { secret?: string; timestamp?: number } = {}) =>
    postSigned(`${baseUrl}/slack/events`, body, type, {
      secret: o.secret ?? SIGNING_SECRET,
      ...(o.timestamp ? { timestamp: o.timestamp } : {}),
    });

  it('a request stamped more than 5 minutes in the future is refused like an old one', async () => {
    for (const ahead of [6 * 60, 10 * 365 * 24 * 3600]) {
      const res = await signedNow('command=%2Fsprint&text=&user_id=U1', 'application/x-www-form-urlencoded', {
        timestamp: Math.floor(slackWall.now().getTime() / 1000) + ahead,
      });
      expect(res.status, `${ahead} s ahead`).toBe(401);
    }
    // A small skew (Slack's clock a minute ahead of ours) is still fine.
    const ok = await postSlashCommand(
      baseUrl,
      { command: '/sprint', user_id: ada },
      { secret: SIGNING_SECRET, timestamp: Math.floor(slackWall.now().getTime() / 1000) + 60 },
    );
    expect(ok.status).toBe(200);
  });

  it.each([
    ['payload=null', 'application/x-www-form-urlencoded'],
    ['payload=42', 'application/x-www-form-urlencoded'],
    ['payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ['null', 'application/json'],
    ['"text"', 'application/json'],
    ['[1,2]', 'application/json'],
    ['{not json', 'application/json'],
  ])('a signed body %s (%s) gets 400 with a reason, and the app keeps serving', async (body, type) => {
    const res = await signedNow(body, type);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^the body (must be a JSON object|is not valid JSON)$/);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await command('')).text).toMatch(/^Sprint: day/);
  });

  const interaction = (payload: Record<string, unknown>) =>
    signedNow(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  const user = () => ({ id: ada, username: 'ada', team_id: 'T000000001' });

  it.each([
    [
      'an unknown action id',
      () => ({ type: 'block_actions', user: user(), actions: [{ action_id: 'gone_in_v2', type: 'button', value: '1' }] }),
    ],
    ['a closed modal', () => ({ type: 'view_closed', user: user(), view: { id: 'V1', callback_id: 'standup_modal' } })],
    ['an unknown modal', () => ({ type: 'view_submission', user: user(), view: { id: 'V1', callback_id: 'nope', state: { values: {} } } })],
    ['a global shortcut', () => ({ type: 'shortcut', user: user(), callback_id: 'whatever', trigger_id: '1.2' })],
  ])('%s is acknowledged at once with 200', async (_what, payload) => {
    const started = performance.now();
    const res = await interaction(payload());
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it.each([
    ['no user', { type: 'block_actions', actions: [] }, 'a block_actions payload needs a "user" with an "id"'],
    ['no view', { type: 'view_submission', user: { id: 'U1ABC' } }, 'a view_submission payload needs a "view"'],
    ['an unknown type', { type: 'nonsense', user: { id: 'U1ABC' } }, '"nonsense" is not a type of Slack payload'],
    [
      'actions on a modal',
      { type: 'view_submission', user: { id: 'U1ABC' }, actions: [], view: { callback_id: 'x', state: { values: {} } } },
      'a view_submission payload cannot carry "actions"',
    ],
  ])('a payload with %s gets 400 with the reason', async (_what, payload, reason) => {
    const res = await interaction(payload);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(reason);
  });

  it('over-long text is refused with the limit, and what is quoted back is cut short', async () => {
    const huge = await postSlashCommand(
      baseUrl,
      { command: '/sprint', text: 'x'.repeat(100_000), user_id: ada },
      { secret: SIGNING_SECRET },
    );
    expect(((await huge.json()) as { text: string }).text).toBe(
      'Your /sprint text is 100,000 characters; the limit is 4,000. Put long details in a thread instead.',
    );
    const long = await postSlashCommand(
      baseUrl,
      { command: '/tiger', text: `rota ${'y'.repeat(3000)}`, user_id: ada },
      { secret: SIGNING_SECRET },
    );
    const first = ((await long.json()) as { text: string }).text.split('\n')[0] as string;
    expect(first).toBe(`I don't know \`/tiger rota ${'y'.repeat(74)}…\`.`);
  });

  it('an unknown slash command is answered, not left to time out', async () => {
    const res = await postSlashCommand(baseUrl, { command: '/retro', user_id: ada }, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toBe('Paceline has no command /retro.');
  });

  it('the same body without a valid signature learns nothing: 401', async () => {
    const res = await signedNow('payload=null', 'application/x-www-form-urlencoded', { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
  });
});

describe('/sprint through the real app', () => {
  it('shows the day of the sprint from the injected clock, the streams and their leads', async () => {
    const reply = await command('');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('Sprint: day 7 of 14 (2025-10-04 → 2025-10-17)');
    const sections = (reply.blocks ?? []).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    expect(sections).toHaveLength(3);
    expect(sections[0]).toContain('*Sprint 2 – Governance Core*');
    expect(sections[0]).toContain(`Lead: <@${ada}>`);
    expect(sections[1]).toContain('Crews: Observability Pod, SLM Crew · Partners: Moderation Squad');
    expect(sections[2]).toContain('*Sprint 4 – Experience &amp; Ecosystem*');
  });

  it('moves with the clock: the next Monday is day 10', async () => {
    clock.set('2025-10-13T16:00:00Z');
    expect((await command('status')).text).toBe('Sprint: day 10 of 14 (2025-10-04 → 2025-10-17)');
    clock.set('2025-10-01T16:00:00Z');
    expect((await command('')).text).toBe('The sprint starts on 2025-10-04');
    clock.set('2025-10-10T17:00:00Z');
  });

  it('answers unknown input with a specific ephemeral hint, never an error', async () => {
    const reply = await command('velocity please');
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    // The reason, then the help, so the person can try again at once.
    expect(reply.text).toMatch(
      /^I don't know `\/sprint velocity please`\. Try `\/sprint` for the sprint status or `\/sprint help`\.\n\n\*\/sprint\* — /,
    );
  });
});

describe('App Home', () => {
  it('publishes the person’s day and the sprint status when a member opens the Home tab', async () => {
    const res = await postEvent(
      baseUrl,
      { type: 'app_home_opened', user: ada, channel: 'D0001', tab: 'home', event_ts: '1.2' },
      { secret: SIGNING_SECRET },
    );
    expect(res.status).toBe(200);
    // The event is handled after the ack; wait until the app has processed it.
    await app.idle();
    const html = await (await fetch(`${slack.emulator.url}/?tab=views`)).text();
    expect(html).toContain('app home');
    const row =
      /<tr><td>V\w+<\/td><td><span[^>]*>app home<\/span><\/td><td>ada<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/.exec(html)?.[1] ?? '';
    // Friday of the playbook sprint; nothing has run in this suite, so no stand-up was opened.
    expect(row).toContain('No stand-up today.');
    expect(row).toContain('No open blockers filed by you or owned by you.');
    expect(row).toContain('Sprint: day 7 of 14 (2025-10-04 → 2025-10-17)');
  });

  it('tells someone outside the config how to get in', async () => {
    const guest = (await userIds(slack.apiUrl)).get(GUEST) as string;
    await postEvent(
      baseUrl,
      { type: 'app_home_opened', user: guest, channel: 'D0002', tab: 'home', event_ts: '1.3' },
      { secret: SIGNING_SECRET },
    );
    await app.idle();
    const html = await (await fetch(`${slack.emulator.url}/?tab=views`)).text();
    expect(html).toContain("You are not in Paceline's config yet; ask an admin to add you to paceline.yml.");
  });
});

/** A second app on a database of its own, reaching Slack through a fault proxy; all three gone after. */
async function withProxiedApp(
  kind: (typeof DATABASE_KINDS)[number],
  name: string,
  run: (proxy: FaultProxy, other: Awaited<ReturnType<typeof startTestApp>>) => Promise<void>,
): Promise<void> {
  const proxy = await startFaultProxy(slack.apiUrl);
  const db = await createTestDatabase(kind, name);
  const other = await startTestApp({ config, apiUrl: proxy.apiUrl, clock, database: db });
  try {
    await run(proxy, other);
  } finally {
    await other.app.stop();
    await proxy.close();
    await db.drop();
  }
}

describe.each(DATABASE_KINDS)('App Home when the stream panel cannot be made, on the %s database', (kind) => {
  it('is published without the panel while Slack’s file upload is down, and with it (line and chart) at the next open once it is back', async () => {
    await withProxiedApp(kind, 'home-degrade', async (proxy, other) => {
      const open = async (ts: string) => {
        await postEvent(
          other.baseUrl,
          { type: 'app_home_opened', user: ada, channel: 'D0001', tab: 'home', event_ts: ts },
          { secret: SIGNING_SECRET },
        );
        await other.app.idle();
        const published = proxy.calls.filter((c) => c.method === 'views.publish');
        return published[published.length - 1]?.body ?? '';
      };
      proxy.set((call) => (call.method.startsWith('files.') ? 'down' : 'pass'));
      const degraded = await open('2.1');
      expect(degraded).toContain('Sprint: day 7 of 14 (2025-10-04 → 2025-10-17)');
      expect(degraded).toContain('No open blockers filed by you or owned by you.');
      expect(degraded).not.toContain('Your stream today');
      expect(other.logs.lines.some((l) => l.msg === 'App Home shown without the stream panel: the digest could not be made')).toBe(true);

      proxy.set(() => 'pass');
      const whole = await open('2.2');
      expect(whole).toContain('*Your stream today*');
      expect(whole).toMatch(/"type":"image","slack_file":\{"id":"F\w+"\}/);
    });
  });
});

describe.each(DATABASE_KINDS)('a burst of App Home opens, on the %s database', (kind) => {
  it('acknowledges every open and then publishes each person’s home once per open: held work is not lost', async () => {
    await withProxiedApp(kind, 'home-burst', async (proxy, other) => {
      const users = await userIds(slack.apiUrl);
      const people = config.people.map((p) => users.get(p.slack.replace(/^@/, '')) as string);
      // Three opens by every configured person, all at once (the work waits for the burst to end).
      const opens = [1, 2, 3].flatMap((round) => people.map((user, i) => ({ user, ts: `${round}.${i}` })));
      const answers = await Promise.all(
        opens.map((o) =>
          postEvent(
            other.baseUrl,
            { type: 'app_home_opened', user: o.user, channel: 'D0001', tab: 'home', event_ts: o.ts },
            { secret: SIGNING_SECRET },
          ),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(opens.map(() => 200));
      await other.app.idle();
      const published = proxy.calls.filter((c) => c.method === 'views.publish');
      const perPerson = people.map(
        (user) => published.filter((c) => c.body.includes(`"user_id":"${user}"`) || c.body.includes(`user_id=${user}`)).length,
      );
      expect(perPerson).toEqual(people.map(() => 3));
    });
  });
});

describe('/metrics access', () => {
  it('without a token only this machine may read it; a stranger is told why', () => {
    const req = (remoteAddress: string, authorization?: string) =>
      ({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} }) as unknown as IncomingMessage;
    expect(metricsRefusal(req('127.0.0.1'), { token: undefined })).toBeNull();
    expect(metricsRefusal(req('::1'), { token: undefined })).toBeNull();
    expect(metricsRefusal(req('10.1.2.3'), { token: undefined })).toEqual({
      status: 403,
      reason: 'metrics are served to this machine only; set METRICS_TOKEN to read them from elsewhere',
    });
    expect(metricsRefusal(req('10.1.2.3', 'Bearer right-token-0123456789'), { token: 'right-token-0123456789' })).toBeNull();
    expect(metricsRefusal(req('127.0.0.1', 'Bearer wrong'), { token: 'right-token-0123456789' })?.status).toBe(401);
  });

  it('with METRICS_TOKEN and METRICS_PORT: off the Slack port, on its own port, for bearers of the token only', async () => {
    const db = await createTestDatabase('embedded', 'metrics');
    const token = 'metrics-token-0123456789';
    const other = await startTestApp({
      config,
      apiUrl: slack.apiUrl,
      clock,
      database: db,
      env: { METRICS_TOKEN: token, METRICS_PORT: '0' },
    });
    try {
      expect((await fetch(`${other.baseUrl}/metrics`)).status).toBe(404);
      const url = `http://127.0.0.1:${other.app.metricsPort}/metrics`;
      const refused = await fetch(url);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: 'send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"' });
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('paceline_process_cpu_seconds_total');
      expect(other.logs.raw.join('\n')).not.toContain(token);
    } finally {
      await other.app.stop();
      await db.drop();
    }
  });
});

describe('a post Slack refuses for good', () => {
  it('is not retried, each admin is told once by DM, and /readyz lists it without becoming unready', async () => {
    const tiger = (await channelIds(slack.apiUrl)).get('tiger-crew') as string;
    const archived = await slackApi<{ ok: boolean; error?: string }>(slack.apiUrl, 'conversations.archive', { channel: tiger }, BOT_TOKEN);
    expect(archived.ok, archived.error).toBe(true);
    try {
      await expect(app.deps.services.tigerCrew.announce('2025-10-10')).rejects.toThrow(/is_archived/);
      // Again (a job retry): Slack is not asked a second time.
      const before = (await app.deps.repos.postedMessages.get('tiger-crew:2025-10-10'))?.attempts;
      await app.deps.services.tigerCrew.announce('2025-10-10');
      expect((await app.deps.repos.postedMessages.get('tiger-crew:2025-10-10'))?.attempts).toBe(before);
      for (const admin of ['ada', 'kai', 'mira']) {
        const dm = await slackApi<{ channel: { id: string } }>(slack.apiUrl, 'conversations.open', {
          users: (await userIds(slack.apiUrl)).get(admin),
        });
        const dms = await slackApi<{ messages: { text: string }[] }>(slack.apiUrl, 'conversations.history', { channel: dm.channel.id });
        expect(
          dms.messages.filter((m) => m.text.includes('(tiger-crew:2025-10-10)')),
          admin,
        ).toHaveLength(1);
        expect(dms.messages[0]?.text).toContain('Slack refused a Paceline post for good (is_archived)');
      }
      const ready = await fetch(`${baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { warnings?: string[] }).warnings).toEqual([
        `Slack refused the post tiger-crew:2025-10-10 in ${tiger}: is_archived`,
      ]);
    } finally {
      await slackApi(slack.apiUrl, 'conversations.unarchive', { channel: tiger }, BOT_TOKEN);
    }
  });
});

describe('the manifest and the code agree', () => {
  it('declares exactly the commands and events the app registers', () => {
    const declared = manifestSurfaces();
    expect([...app.declared.commands].sort()).toEqual([...declared.commands].sort());
    expect([...app.declared.events].sort()).toEqual([...declared.events].sort());
  });
});

describe('logs', () => {
  it('are JSON lines with the token and signing secret redacted', () => {
    expect(logs.lines.some((l) => l.msg === 'paceline listening')).toBe(true);
    const all = logs.raw.join('\n');
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
  });
});

describe('boot with names Slack does not know', () => {
  it('refuses to start and lists each unresolved channel and person with its path', async () => {
    const bad = structuredClone(config);
    bad.streams[1]!.channel = '#no-such-channel';
    bad.people[2]!.slack = '@nobody-here';
    const db = await createTestDatabase('embedded', 'badnames');
    try {
      await startTestApp({ config: bad, apiUrl: slack.apiUrl, clock, database: db }).then(
        () => expect.unreachable(),
        (err: unknown) => {
          expect(isPacelineError(err, 'SLACK_DIRECTORY')).toBe(true);
          expect((err as { problems: string[] }).problems).toEqual([
            'streams[1].channel: "#no-such-channel" was not found in the workspace (create it, or invite the app if it is private)',
            'people[2].slack: no Slack user is called "@nobody-here" (use their user id or email instead)',
          ]);
        },
      );
    } finally {
      await db.drop();
    }
  });
});

describe('when the database goes away under a command', () => {
  it('answers inside the acknowledgement with a reference, never a timeout or a 500', async () => {
    const db2 = await createTestDatabase('postgres', 'dbgone');
    const second = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: db2 });
    try {
      await db2.drop(); // terminates the app's connections and removes its database
      const res = await postSlashCommand(
        second.baseUrl,
        { command: '/tiger', text: `cover <@${ada}|ada> 2025-10-14`, user_id: ada },
        { secret: SIGNING_SECRET },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { response_type: string; text: string };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toMatch(/^Sorry, \/tiger failed on our side \(reference [0-9a-f]{8}\) and nothing was saved\. /);
      // The text comes back whole, ready to send again.
      expect(body.text.endsWith(`here is what you typed:\n\`\`\`/tiger cover <@${ada}|ada> 2025-10-14\`\`\``)).toBe(true);
      const ref = /reference ([0-9a-f]{8})/.exec(body.text)?.[1];
      expect(second.logs.lines.some((l) => l.msg === 'slack listener failed' && l.ref === ref)).toBe(true);
      // Readiness names the failing check, never where the database is.
      const ready = await fetch(`${second.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      const readyText = await ready.text();
      expect(JSON.parse(readyText)).toMatchObject({
        status: 'not ready',
        checks: { database: expect.stringMatching(/^unreachable \(/), slack: 'ok' },
      });
      expect(readyText).not.toMatch(/127\.0\.0\.1|5432|postgres:/);
      // /metrics still answers (its open-blocker gauges read the database at scrape time): the
      // gauges keep their last values while the database is away.
      const scraped = await fetch(`${second.baseUrl}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^paceline_slack_requests_total\{surface="command",name="\/tiger",outcome="error"\} 1$/m);
      // A blocker that could not be stored is not said to be filed; its text comes back.
      const filed = await postSlashCommand(
        second.baseUrl,
        { command: '/blocker', text: 'staging DB is down stream:governance', user_id: ada },
        { secret: SIGNING_SECRET },
      );
      const reply = ((await filed.json()) as { text: string }).text;
      expect(reply).toMatch(/^Sorry, \/blocker failed on our side \(reference [0-9a-f]{8}\) and nothing was saved\. /);
      expect(reply).not.toMatch(/Filed|lost/);
      expect(reply.endsWith('```/blocker staging DB is down stream:governance```')).toBe(true);
    } finally {
      await second.app.stop().catch(() => undefined);
    }
  });
});
