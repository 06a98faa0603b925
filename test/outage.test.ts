import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../src/clock.js';
import type { RunningPaceline } from '../src/main.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from './support/databases.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { postViewSubmission } from './support/signedHttp.js';
import { replyInThread } from './support/threadReply.js';
import { channelIds, ephemerals, history, slackApi, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';
import { sql } from './support/sql.js';

// The app's own PostgreSQL refuses connections for a while (a real outage of that database: new
// connections refused, open ones terminated), then comes back. PGlite lives inside the process
// and cannot be taken away from it, so this story runs on PostgreSQL only.
const config = exampleConfig();
const clock = new SettableClock('2025-10-08T15:59:00Z'); // Wed 08:59 PDT

let slack: SlackWorkspace;
let testDb: TestDatabase;
let app: RunningPaceline;
let baseUrl: string;

async function databaseDown(down: boolean) {
  const name = new URL(testDb.url as string).pathname.slice(1);
  await sql(ADMIN_URL, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${down ? 'false' : 'true'}`);
  if (down)
    await sql(ADMIN_URL, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
}

beforeAll(async () => {
  slack = await startSlackWorkspace(config, SIGNING_SECRET);
  testDb = await createTestDatabase('postgres', 'outage');
  ({ app, baseUrl } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb }));
});

afterAll(async () => {
  await databaseDown(false).catch(() => undefined);
  await app?.stop();
  await slack?.close();
  await testDb?.drop();
});

describe('a stand-up reply that arrives while the database is down', () => {
  it('is answered with "not recorded yet", then counted and shown in the summary once the database is back', async () => {
    const channels = await channelIds(slack.apiUrl);
    const users = await userIds(slack.apiUrl);
    const gov = channels.get('governance-core') as string;
    clock.set('2025-10-08T16:00:00Z');
    await app.runner.tick();
    clock.set('2025-10-08T16:15:00Z');
    await app.runner.tick();
    const summary = async () => (await history(slack.apiUrl, channels.get('sprint-sync') as string))[0]?.text ?? '';
    expect(await summary()).toContain('Governance Core 0/5');
    const prompt = (await history(slack.apiUrl, gov)).find((m) => m.text.includes('stand-up'));
    const runs = await app.deps.repos.standups.runsOn('2025-10-08');

    clock.set('2025-10-08T16:20:00Z');
    await databaseDown(true);
    const text = 'Yesterday: audit log\nToday: retention policy';
    const posted = await replyInThread({
      apiUrl: slack.apiUrl,
      appUrl: baseUrl,
      handle: 'lena',
      userId: users.get('lena') as string,
      channel: gov,
      threadTs: prompt?.ts as string,
      text,
    });
    expect(posted.status).toBe(200);
    await app.idle();
    expect((await ephemerals(slack.emulator.url, gov)).find((e) => e.user === 'lena')?.text).toMatch(
      /^Your reply reached Slack but Paceline could not record it yet \(reference [0-9a-f]{8}\)\. Nothing to do/,
    );

    // A modal answer the database cannot take: the modal stays open with the text, and says so.
    const run = runs.find((r) => r.streamKey === 'governance');
    const submitted = await postViewSubmission(
      baseUrl,
      {
        userId: users.get('omar') as string,
        handle: 'omar',
        callbackId: 'standup_modal',
        metadata: { runId: run?.id },
        values: { today: 'ship the policy bundle' },
      },
      { secret: SIGNING_SECRET },
    );
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toEqual({
      response_action: 'errors',
      errors: {
        yesterday: 'Paceline could not save this right now; nothing was saved. Your text is still here: press Save again in a minute.',
      },
    });

    await databaseDown(false);
    clock.set('2025-10-08T16:21:00Z');
    await app.runner.tick();
    expect(await summary()).toContain('Governance Core 1/5');
    const reactions = await slackApi<{ message: { reactions?: { name: string }[] } }>(slack.apiUrl, 'reactions.get', {
      channel: gov,
      timestamp: posted.ts,
    });
    expect(reactions.message.reactions?.map((r) => r.name)).toEqual(['white_check_mark']);
  });
});
