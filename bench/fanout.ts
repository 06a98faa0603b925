// npm run bench (P2): the 09:00 fan-out of a 50-stream organisation (50 streams × 20 people,
// seeded into the emulator): the stand-up prompts in 50 channels, a reminder DM to each of the
// 1,000 people who have not answered, and the summary — against a raw Web API loop making the
// same calls to the same emulator with the same bound on calls at once (Paceline's reminder
// concurrency), in the same run. Both run unpaced here: with Slack's limits honoured
// (src/slack/rateLimiter.ts) both would be bound by the same pacer, which is what the README
// says; this measures what Paceline adds on top (its intents, reads and writes).
import { WebClient } from '@slack/web-api';
import PQueue from 'p-queue';
import { SettableClock } from '../src/clock.js';
import { REMINDER_CONCURRENCY } from '../src/services/standups.js';
import { createTestDatabase } from '../test/support/databases.js';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { scaledConfig } from '../test/support/scaledConfig.js';
import { channelIds, startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const config = scaledConfig(STREAMS, 20);
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
const channels = await channelIds(slack.apiUrl);
const users = await userIds(slack.apiUrl);
const streamChannels = config.streams.map((s) => channels.get(s.channel.slice(1)) as string);
const people = config.people.map((p) => users.get(p.key) as string);

const time = async (f: () => Promise<unknown>) => {
  const start = performance.now();
  await f();
  return performance.now() - start;
};

// The floor: the same Slack calls from a bare Web API client, the same number at once.
const client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl });
const raw = {
  prompts: await time(() => Promise.all(streamChannels.map((channel) => client.chat.postMessage({ channel, text: 'stand-up' })))),
  reminders: await time(async () => {
    const q = new PQueue({ concurrency: REMINDER_CONCURRENCY });
    await Promise.all(
      people.map((user) =>
        q.add(async () => {
          const dm = await client.conversations.open({ users: user });
          await client.chat.postMessage({ channel: dm.channel?.id as string, text: 'reminder' });
        }),
      ),
    );
  }),
  summary: await time(() =>
    client.chat.postMessage({ channel: channels.get('cross-stream') ?? (streamChannels[0] as string), text: 'summary' }),
  ),
};

const db = await createTestDatabase('postgres', 'bench-fanout');
const clock = new SettableClock('2025-10-08T16:00:00Z'); // Wed 09:00 PDT
const { app } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: db, logLevel: 'info' });
const tickAt = async (iso: string) => {
  clock.set(iso);
  await app.runner.tick();
  await app.idle();
};
const ours = {
  prompts: await time(() => tickAt('2025-10-08T16:00:00Z')),
  reminders: await time(() => tickAt('2025-10-08T16:10:00Z')),
  summary: await time(() => tickAt('2025-10-08T16:15:00Z')),
};
await app.stop();
await db.drop();
await slack.close();

console.log(`09:00 fan-out, ${STREAMS} streams × 20 people, PostgreSQL, unpaced, ${REMINDER_CONCURRENCY} reminders at once`);
for (const k of ['prompts', 'reminders', 'summary'] as const)
  console.log(
    `${k.padEnd(10)} paceline ${ours[k].toFixed(0).padStart(6)} ms | raw Web API loop ${raw[k].toFixed(0).padStart(6)} ms | throughput ratio ${(raw[k] / ours[k]).toFixed(2)} (goal ≥ 0.9)`,
  );
