// npm run bench (P2): the 09:00 fan-out of a 50-stream organisation (50 streams × 20 people,
// seeded into the emulator): the stand-up prompts in 50 channels, a reminder DM to each of the
// 1,000 people who have not answered, and the summary (which reads every prompt thread back
// first) — against a raw Web API loop making the same calls to the same emulator with the same
// bounds on calls at once (Paceline's), in the same run. Both run unpaced here: with Slack's
// limits honoured (src/slack/rateLimiter.ts) both would be bound by the same pacer, which is what
// the README says; this measures what Paceline adds on top (its intents, reads and writes).
//
// Five rounds (single rounds vary by ±30 % on a 2-core machine), each a first day on a new workspace, database and app (the emulator allows a
// token 5,000 calls an hour, and one day of this is about 2,100 calls for each side; the raw
// loop has a token of its own). Within a round each step of the raw loop runs right before the
// same step of Paceline, so that the machine's ups and downs hit both; the median round is shown.
import type { KnownBlock } from '@slack/types';
import { WebClient } from '@slack/web-api';
import PQueue from 'p-queue';
import { SettableClock } from '../src/clock.js';
import { READ_BACK_CONCURRENCY, REMINDER_CONCURRENCY } from '../src/services/standups.js';
import { METADATA_TYPE } from '../src/slack/poster.js';
import { presenters } from '../src/slack/presenters/index.js';
import { createTestDatabase } from '../test/support/databases.js';
import { SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { scaledConfig } from '../test/support/scaledConfig.js';
import { channelIds, startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';
import { record } from './support/summary.js';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const ROUNDS = 5;
const DATE = '2025-10-08'; // Wednesday, day 5 of sprint 1; 09:00 PDT is 16:00 UTC
const config = scaledConfig(STREAMS, 20);

const time = async (f: () => Promise<unknown>) => {
  const start = performance.now();
  await f();
  return performance.now() - start;
};

type Step = 'prompts' | 'reminders' | 'summary';
type Sample = { ours: number; raw: number };

async function round(): Promise<{ samples: Record<Step, Sample>; idleTick: number }> {
  const slack = await startSlackWorkspace(config, SIGNING_SECRET);
  const channels = await channelIds(slack.apiUrl);
  const users = await userIds(slack.apiUrl);
  const streamChannels = config.streams.map((s) => channels.get(s.channel.slice(1)) as string);
  const people = config.people.map((p) => users.get(p.key) as string);
  // The floor: the same Slack calls from a bare Web API client, the same number at once.
  const client = new WebClient('xoxb-bench-raw-loop', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });

  const raw = {
    async prompts(): Promise<string[]> {
      const posted = await Promise.all(
        streamChannels.map((channel, i) => {
          // The same message Paceline posts (blocks, metadata), so both ask the same of Slack.
          const stream = config.streams[i] as (typeof config.streams)[number];
          const m = presenters.standupPrompt({
            streamName: stream.name,
            sprintLabel: stream.sprintLabel,
            dayText: 'Day 5 of 14 · Wednesday 8 October',
            crew: 'Ada, Omar',
            closeAt: config.standup.closeAt,
            runId: i + 1,
          });
          return client.chat.postMessage({
            channel,
            text: m.text,
            blocks: m.blocks as KnownBlock[],
            metadata: { event_type: METADATA_TYPE, event_payload: { purpose: `standup-prompt:${stream.key}:${DATE}` } },
          });
        }),
      );
      return posted.map((p) => p.ts as string);
    },
    async reminders(): Promise<void> {
      const q = new PQueue({ concurrency: REMINDER_CONCURRENCY });
      await Promise.all(
        people.map((user) =>
          q.add(async () => {
            const dm = await client.conversations.open({ users: user });
            await client.chat.postMessage({
              channel: dm.channel?.id as string,
              text: "Reminder: today's stand-up for Stream 1 (<#C0000001>) is waiting for your answer. Reply in its thread or use /standup.",
              metadata: { event_type: METADATA_TYPE, event_payload: { purpose: `standup-remind:${DATE}:${user}` } },
            });
          }),
        ),
      );
    },
    // The same calls as Paceline's summary: every prompt thread read back, then one post.
    async summary(prompts: string[]): Promise<void> {
      const q = new PQueue({ concurrency: READ_BACK_CONCURRENCY });
      await Promise.all(
        streamChannels.map((channel, i) => q.add(() => client.conversations.replies({ channel, ts: prompts[i] as string }))),
      );
      const summary = presenters.standupSummary({
        date: 'Wed 2025-10-08',
        title: 'Stand-up summary · Wed 2025-10-08 · day 5 of 14',
        streams: config.streams.map((s) => ({
          name: s.name,
          answered: 0,
          expected: s.members.length,
          blockers: { new: 0, open: 0, escalated: 0 },
          handoffs: [],
          notAnswered: s.members.map((m) => config.people.find((p) => p.key === m)?.name ?? m),
        })),
        out: [],
        closed: false,
      });
      await client.chat.postMessage({
        channel: channels.get('cross-stream') ?? (streamChannels[0] as string),
        text: summary.text,
        blocks: summary.blocks as KnownBlock[],
        metadata: { event_type: METADATA_TYPE, event_payload: { purpose: `standup-summary:${DATE}` } },
      });
    },
  };

  const db = await createTestDatabase('postgres', 'bench-fanout');
  const clock = new SettableClock(`${DATE}T15:59:00Z`);
  const { app } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: db, logLevel: 'info' });
  const tickAt = async (iso: string) => {
    clock.set(iso);
    await app.runner.tick();
    await app.idle();
  };
  try {
    // A tick the minute before, so that the first tick's catch-up (the 08:55 Tiger Crew
    // announcement) is not counted as the prompts' work.
    await tickAt(`${DATE}T15:59:00Z`);
    let prompts: string[] = [];
    const rawPrompts = await time(async () => (prompts = await raw.prompts()));
    const ourPrompts = await time(() => tickAt(`${DATE}T16:00:00Z`));
    const rawReminders = await time(() => raw.reminders());
    const ourReminders = await time(() => tickAt(`${DATE}T16:10:00Z`));
    const rawSummary = await time(() => raw.summary(prompts));
    const ourSummary = await time(() => tickAt(`${DATE}T16:15:00Z`));
    // What a minute's tick costs with nothing due (sweeps, catch-ups), included in each row.
    const idleTick = await time(() => tickAt(`${DATE}T16:16:00Z`));
    return {
      samples: {
        prompts: { raw: rawPrompts, ours: ourPrompts },
        reminders: { raw: rawReminders, ours: ourReminders },
        summary: { raw: rawSummary, ours: ourSummary },
      },
      idleTick,
    };
  } finally {
    await app.stop();
    await db.drop();
    await slack.close();
  }
}

const rounds: Awaited<ReturnType<typeof round>>[] = [];
for (let i = 0; i < ROUNDS; i++) rounds.push(await round());

const ratio = (s: Sample) => s.raw / s.ours;
const middle = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)] as T;
console.log(
  `09:00 fan-out, ${STREAMS} streams × 20 people, PostgreSQL, unpaced, ${REMINDER_CONCURRENCY} reminders at once; each row is a whole minute's tick (one with nothing due: ${middle(
    rounds.map((r) => r.idleTick),
    (x) => x,
  ).toFixed(0)} ms); the median of ${ROUNDS} rounds`,
);
for (const k of ['prompts', 'reminders', 'summary'] as const) {
  const samples = rounds.map((r) => r.samples[k]);
  const mid = middle(samples, ratio);
  record({ measure: `P2 fan-out ${k}`, value: `${ratio(mid).toFixed(2)}×`, goal: '≥ 0.9× a raw Web API loop', met: ratio(mid) >= 0.9 });
  console.log(
    `${k.padEnd(10)} paceline ${mid.ours.toFixed(0).padStart(6)} ms | raw Web API loop ${mid.raw.toFixed(0).padStart(6)} ms | throughput ratio ${ratio(mid).toFixed(2)} (goal ≥ 0.9; rounds: ${samples.map((s) => ratio(s).toFixed(2)).join(', ')})`,
  );
}
