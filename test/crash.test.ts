import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../src/db/index.js';
import { METADATA_TYPE } from '../src/slack/poster.js';
import { REMINDER_CONCURRENCY } from '../src/services/standups.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { spawnApp, type AppProcess } from './support/appProcess.js';
import { startFaultProxy, type FaultProxy } from './support/faultProxy.js';
import { BOT_TOKEN, exampleConfig, SIGNING_SECRET } from './support/paceline.js';
import { postSlashCommand } from './support/signedHttp.js';
import { replyInThread } from './support/threadReply.js';
import { channelIds, slackApi, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';

// Crash consistency, proved by killing a real Paceline process (SIGKILL: no shutdown, no
// cleanup) between two steps, restarting it on the same database and reading Slack.
const config = exampleConfig();
// Wed 2025-10-08 10:00 PDT; today's Tiger Crew is Felix and Yuki.
const T0 = Date.parse('2025-10-08T17:00:00Z');
const minutes = (n: number) => new Date(T0 + n * 60_000).toISOString();

let slack: SlackWorkspace;
let proxy: FaultProxy;
let ch: Map<string, string>;
let u: Map<string, string>;
const running = new Set<AppProcess>();
const databases: TestDatabase[] = [];

// Each test has a Slack workspace of its own, so that its posts (B-1 of every test) are its own.
beforeEach(async () => {
  slack = await startSlackWorkspace(config, SIGNING_SECRET);
  proxy = await startFaultProxy(slack.apiUrl);
  ch = await channelIds(slack.apiUrl);
  u = await userIds(slack.apiUrl);
});

afterEach(async () => {
  for (const app of running) await app.kill();
  running.clear();
  await proxy.close();
  await slack.close();
});

afterAll(async () => {
  for (const db of databases) await db.drop();
});

interface Posted {
  ts: string;
  text: string;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: { purpose: string } };
}

/** Every message in a channel and its threads, as Slack has them. */
async function everything(channel: string): Promise<Posted[]> {
  const top = await slackApi<{ messages: Posted[] }>(slack.apiUrl, 'conversations.history', {
    channel,
    limit: 1000,
    include_all_metadata: true,
  });
  const all = [...top.messages];
  for (const m of top.messages) {
    const replies = await slackApi<{ messages: Posted[] }>(slack.apiUrl, 'conversations.replies', { channel, ts: m.ts, limit: 1000 });
    all.push(...(replies.messages ?? []).filter((r) => r.ts !== m.ts));
  }
  return all;
}

function countPurpose(messages: Posted[], purpose: string): number {
  return messages.filter((m) => m.metadata?.event_type === METADATA_TYPE && m.metadata.event_payload.purpose === purpose).length;
}

async function start(db: TestDatabase, now: string): Promise<AppProcess> {
  const app = await spawnApp({ now, apiUrl: proxy.apiUrl, database: db });
  running.add(app);
  return app;
}

async function kill(app: AppProcess): Promise<void> {
  await app.kill();
  running.delete(app);
}

async function blocker(app: AppProcess, text: string): Promise<{ status: number; text: string }> {
  const res = await postSlashCommand(
    app.baseUrl,
    { command: '/blocker', text, user_id: u.get('omar') as string, channel_id: ch.get('governance-core') },
    { secret: SIGNING_SECRET },
  );
  const body = await res.text();
  return { status: res.status, text: body === '' ? '' : (JSON.parse(body) as { text: string }).text };
}

function filedNumber(ack: { status: number; text: string }): number {
  expect(ack.status).toBe(200);
  const m = /^Filed B-(\d+) in Governance Core\.$/.exec(ack.text);
  expect(m, ack.text).not.toBeNull();
  return Number(m?.[1]);
}

/** Waits (bounded) until the proxy has seen a call matching `pred`. */
async function seen(pred: (c: FaultProxy['calls'][number]) => boolean, count = 1): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (proxy.calls.filter(pred).length >= count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the proxy never saw the expected call; calls: ${proxy.calls.map((c) => c.method).join(', ')}`);
}

/** After a kill: a new process on the same database, past the dead one's lease, ticks once. */
async function restartAndTick(db: TestDatabase): Promise<void> {
  const again = await start(db, minutes(3));
  await again.tick();
  await again.idle();
}

/** B-n is in its channel once and its Tiger Crew was paged once. */
async function expectPostedOnce(n: number, why = ''): Promise<void> {
  const posts = await everything(ch.get('governance-core') as string);
  expect(countPurpose(posts, `blocker:${n}`), `B-${n} posted once ${why}`).toBe(1);
  expect(countPurpose(posts, `blocker:${n}:level:0:thread`), `B-${n} paged once ${why}`).toBe(1);
}

/** The stored blockers, read after every app process on the database is gone. */
async function storedBlockers(db: TestDatabase) {
  const opened = await db.open();
  try {
    return await createRepositories(opened).blockers.list({ includeResolved: true });
  } finally {
    await opened.close();
  }
}

describe("Slack's identity", () => {
  it('is asked once at boot (auth.test), not again for every request', async () => {
    const db = await createTestDatabase('embedded', 'authtest');
    databases.push(db);
    const app = await start(db, minutes(0));
    const res = await Promise.all(
      Array.from({ length: 20 }, () =>
        postSlashCommand(app.baseUrl, { command: '/sprint', user_id: u.get('omar') as string }, { secret: SIGNING_SECRET }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(Array(20).fill(200));
    await app.idle();
    expect(proxy.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
  });
});

describe.each(DATABASE_KINDS)('killed with SIGKILL, on the %s database', (kind) => {
  async function freshDb(label: string): Promise<TestDatabase> {
    const db = await createTestDatabase(kind, `crash-${label}`);
    databases.push(db);
    return db;
  }

  it('every /blocker that was acknowledged is stored once and posted once, over three kill-and-restart rounds', async () => {
    const db = await freshDb('burst');
    const acked: number[] = [];
    for (let round = 0; round < 3; round++) {
      // Each start moves the clock past the dead process's 2-minute lease on its posts.
      const app = await start(db, minutes(round * 5));
      const acks = await Promise.all(Array.from({ length: 10 }, (_, i) => blocker(app, `round ${round} item ${i} is blocked`)));
      acked.push(...acks.map(filedNumber));
      await kill(app); // right after the acknowledgements, whatever was in flight
    }
    const last = await start(db, minutes(20));
    await last.tick();
    await last.idle();
    await kill(last);

    const stored = await storedBlockers(db);
    expect(stored.map((b) => b.number).sort((x, y) => x - y)).toEqual([...acked].sort((x, y) => x - y));
    expect(new Set(stored.map((b) => b.text)).size).toBe(30);
    const posts = await everything(ch.get('governance-core') as string);
    for (const b of stored) {
      expect(b.messageTs, `B-${b.number} shown`).not.toBeNull();
      expect(countPurpose(posts, `blocker:${b.number}`), `B-${b.number} posted once`).toBe(1);
      expect(countPurpose(posts, `blocker:${b.number}:level:0:thread`), `B-${b.number} paged once`).toBe(1);
    }
  });

  it('with Slack down during the burst: every acknowledged /blocker is filed, then shown once when Slack is back', async () => {
    const db = await freshDb('down');
    const app = await start(db, minutes(0));
    proxy.set(() => 'down');
    const acked = (await Promise.all(Array.from({ length: 5 }, (_, i) => blocker(app, `while Slack is down ${i}`)))).map(filedNumber);
    await app.idle();
    proxy.set(() => 'pass');
    await app.setClock(minutes(3));
    await app.tick();
    await app.idle();
    for (const n of acked) await expectPostedOnce(n);
  });

  it.each([
    ['hang', 'before Slack got it'],
    ['swallow', 'after Slack posted it, before its ts was stored'],
  ] as const)('an escalation level claimed and then killed (%s: %s) is posted exactly once after the restart', async (fault, when) => {
    const db = await freshDb(`escalation-${fault}`);
    const app = await start(db, minutes(0));
    proxy.set((c) => (c.method === 'chat.postMessage' && c.body.includes('please swarm') ? fault : 'pass'));
    const n = filedNumber(await blocker(app, `escalation window ${fault}`));
    // The level-0 post is in flight: its claim is committed (the intent is written with it).
    await seen((c) => c.fault === fault && c.body.includes(`B-${n}`));
    await kill(app);
    proxy.set(() => 'pass');
    await restartAndTick(db);
    await expectPostedOnce(n, `(killed ${when})`);
  });

  it("Slack's 429 with Retry-After is waited out, then the post goes out once", async () => {
    const db = await freshDb('ratelimit');
    const app = await start(db, minutes(0));
    let limited = 0;
    proxy.set((c) => (c.method === 'chat.postMessage' && limited++ < 2 ? { ratelimit: 1 } : 'pass'));
    const n = filedNumber(await blocker(app, 'rate limited post'));
    await app.idle();
    const posts = proxy.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.slice(0, 3).map((c) => c.fault)).toEqual(['429', '429', 'pass']);
    // Each retry came after the second Slack asked for.
    const [first, second, third] = posts.map((c) => c.at);
    expect((second as number) - (first as number)).toBeGreaterThanOrEqual(950);
    expect((third as number) - (second as number)).toBeGreaterThanOrEqual(950);
    await expectPostedOnce(n);
  });

  it('a blocker message posted but whose ts was never stored is found in Slack, not posted again', async () => {
    const db = await freshDb('adopt');
    const app = await start(db, minutes(0));
    proxy.set((c) => (c.method === 'chat.postMessage' && c.body.includes('"purpose":"blocker:') ? 'swallow' : 'pass'));
    const n = filedNumber(await blocker(app, 'posted but not recorded'));
    await seen((c) => c.fault === 'swallow');
    await kill(app);
    proxy.set(() => 'pass');
    await restartAndTick(db);
    await expectPostedOnce(n);
  });

  it('a stand-up prompt posted but whose ts was never stored still counts the replies under it, and is not posted again', async () => {
    const db = await freshDb('prompt');
    // 09:00:30 PDT: the first tick runs the 08:55 Tiger Crew post and the 09:00 prompts.
    const app = await start(db, '2025-10-08T16:00:30Z');
    proxy.set((c) => (c.method === 'chat.postMessage' && c.body.includes('"purpose":"standup-prompt:') ? 'swallow' : 'pass'));
    void app.tick().catch(() => undefined);
    await seen((c) => c.fault === 'swallow' && c.body.includes('standup-prompt:'), config.streams.length);
    await kill(app);
    proxy.set(() => 'pass');

    const again = await start(db, '2025-10-08T16:02:00Z');
    const channel = ch.get('governance-core') as string;
    const prompt = (await everything(channel)).find((m) => m.metadata?.event_payload.purpose === 'standup-prompt:governance:2025-10-08');
    expect(prompt, 'the prompt reached Slack').toBeDefined();
    // Omar answers in its thread; Slack delivers the event to the restarted app.
    const text = 'Yesterday: token exchange\nToday: SSO metadata\nBlockers: none';
    const posted = await replyInThread({
      apiUrl: slack.apiUrl,
      appUrl: again.baseUrl,
      handle: 'omar',
      userId: u.get('omar') as string,
      channel,
      threadTs: prompt?.ts as string,
      text,
    });
    expect(posted.status).toBe(200);
    await again.idle();
    const reactions = await slackApi<{ message: { reactions?: { name: string }[] } }>(slack.apiUrl, 'reactions.get', {
      channel,
      timestamp: posted.ts,
    });
    expect(reactions.message.reactions?.map((r) => r.name)).toContain('white_check_mark');

    // 09:10 reminders skip Omar; 09:35 the abandoned prompt job is retried and updates, not reposts.
    await again.setClock('2025-10-08T16:10:30Z');
    await again.tick();
    await again.setClock('2025-10-08T16:35:30Z');
    await again.tick();
    await again.idle();
    const dm = await slackApi<{ channel: { id: string } }>(slack.apiUrl, 'conversations.open', { users: u.get('omar') });
    const dms = await slackApi<{ messages: Posted[] }>(slack.apiUrl, 'conversations.history', { channel: dm.channel.id, limit: 100 });
    expect(dms.messages.filter((m) => m.metadata?.event_payload.purpose === 'standup-remind:2025-10-08:omar')).toEqual([]);
    const after = await everything(channel);
    expect(countPurpose(after, 'standup-prompt:governance:2025-10-08')).toBe(1);
    // Ada (governance lead) did not answer: she is reminded, so reminders did run.
    const adaDm = await slackApi<{ channel: { id: string } }>(slack.apiUrl, 'conversations.open', { users: u.get('ada') });
    const adaDms = await slackApi<{ messages: Posted[] }>(slack.apiUrl, 'conversations.history', { channel: adaDm.channel.id, limit: 100 });
    expect(adaDms.messages.some((m) => m.metadata?.event_payload.purpose === 'standup-remind:2025-10-08:ada')).toBe(true);
  });

  it('reminders killed mid-fan-out (some posted, some answered by Slack but unheard, some never sent) go to each person exactly once after the restart', async () => {
    const db = await freshDb('reminders');
    // 09:00:30 PDT: the first tick posts the 08:55 Tiger Crew and the 09:00 prompts; nobody answers.
    const app = await start(db, '2025-10-08T16:00:30Z');
    await app.tick();
    await app.idle();
    // At 09:10 one reminder in three is posted normally, one is posted but its answer lost, one
    // never reaches Slack; the process is killed once every call it may make at once is stuck,
    // so the rest have intents that were never tried.
    let n = 0;
    const faults = ['pass', 'swallow', 'hang'] as const;
    proxy.set((c) =>
      c.method === 'chat.postMessage' && c.body.includes('"purpose":"standup-remind:') ? (faults[n++ % 3] ?? 'pass') : 'pass',
    );
    await app.setClock('2025-10-08T16:10:30Z');
    void app.tick().catch(() => undefined);
    await seen((c) => c.body.includes('standup-remind:') && c.fault !== 'pass', REMINDER_CONCURRENCY);
    await kill(app);
    proxy.set(() => 'pass');
    const tried = proxy.calls.filter((c) => c.body.includes('standup-remind:')).length;
    expect(tried, 'some reminders were never tried').toBeLessThan(config.people.length);

    // 09:41: past the dead run's 30 minutes, its job is retried; the intents it left are read
    // back from Slack first (found: adopted; not found: posted).
    const again = await start(db, '2025-10-08T16:41:00Z');
    await again.tick();
    await again.idle();
    for (const person of config.people) {
      const handle = person.slack.slice(1);
      const dm = await slackApi<{ channel: { id: string } }>(slack.apiUrl, 'conversations.open', { users: u.get(handle) }, BOT_TOKEN);
      const dms = await slackApi<{ messages: Posted[] }>(slack.apiUrl, 'conversations.history', {
        channel: dm.channel.id,
        limit: 100,
        include_all_metadata: true,
      });
      expect(countPurpose(dms.messages, `standup-remind:2025-10-08:${person.key}`), `${person.key} reminded once`).toBe(1);
    }
  });

  it('a digest chart uploaded but whose file id was never stored is found in Slack, not uploaded again; the digest is posted once', async () => {
    const db = await freshDb('digest-upload');
    // Mon 2025-10-13 08:00 PDT: the digest's slot.
    const monday = Date.parse('2025-10-13T15:00:00Z');
    const at = (m: number) => new Date(monday + m * 60_000).toISOString();
    const app = await start(db, at(0));
    // Slack completes the upload; the answer with the file id never comes back, and the process dies.
    proxy.set((c) => (c.method === 'files.completeUploadExternal' ? 'swallow' : 'pass'));
    void app.tick().catch(() => undefined);
    await seen((c) => c.method === 'files.completeUploadExternal');
    await kill(app);
    proxy.set(() => 'pass');

    // Past the runner's 30 minutes for a run whose replica died: the job runs again.
    const again = await start(db, at(31));
    await again.tick();
    await again.idle();
    await again.tick();
    await again.idle();
    const files = await slackApi<{ files: { id: string }[] }>(slack.apiUrl, 'files.list', {}, BOT_TOKEN);
    expect(files.files).toHaveLength(1);
    const exec = await slackApi<{ messages: (Posted & { blocks?: { type: string; slack_file?: { id: string } }[] })[] }>(
      slack.apiUrl,
      'conversations.history',
      { channel: ch.get('exec-updates'), limit: 100, include_all_metadata: true },
    );
    const digests = exec.messages.filter((m) => m.metadata?.event_payload.purpose === 'digest:2025-10-13');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.blocks?.find((b) => b.type === 'image')?.slack_file?.id).toBe(files.files[0]?.id);
    // Posted half an hour after its slot: it says so.
    expect(JSON.stringify(digests[0]?.blocks)).toContain(
      'Posted late: it was due at 08:00 and Paceline was not running; the numbers are as of then',
    );
    expect(proxy.calls.filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);
  });
});
