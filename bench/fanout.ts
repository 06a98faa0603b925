// npm run bench (P2): the 09:00 fan-out of a 50-stream organisation (50 streams × 20 people,
// seeded into the emulator): the stand-up prompts in 50 channels, a reminder DM to each of the
// 1,000 people who have not answered, and the summary (which reads every prompt thread back
// first) — against a raw Web API loop making the same calls to the emulator with the same
// bounds on calls at once (Paceline's), in the same run. Both run unpaced here: with Slack's
// limits honoured (src/slack/rateLimiter.ts) both would be bound by the same pacer, which is what
// the README says; this measures what Paceline adds on top (its intents, reads and writes).
//
// Each round is two days on a new app, database and pair of workspaces: the first day after
// boot (every query shape new to the process, every DM addressed to the person) and the next day
// on the same process (each DM's conversation known from the day before; the raw loop keeps them
// too, so both make the same calls). Five rounds (single rounds vary by ±30 % on a 2-core machine); within a
// round each step of the raw loop runs right before the same step of Paceline, so that the
// machine's ups and downs hit both; the median round is shown. (The emulator allows a token
// 5,000 calls an hour; the two days are about 2,200 calls for each side, each with its own.)
import type { KnownBlock } from '@slack/types';
import { WebClient } from '@slack/web-api';
import PQueue from 'p-queue';
import { SettableClock } from '../src/clock.js';
import { READ_BACK_CONCURRENCY, REMINDER_CONCURRENCY } from '../src/services/standups.js';
import { METADATA_TYPE } from '../src/slack/poster.js';
import { presenters } from '../src/slack/presenters/index.js';
import { describeDate, sprintPositionOfDate } from '../src/domain/calendar.js';
import { createTestDatabase } from '../test/support/databases.js';
import { SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { scaledConfig } from '../test/support/scaledConfig.js';
import { channelIds, startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';
import { record } from './support/summary.js';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const ROUNDS = 5;
// Wednesday and Thursday, days 5 and 6 of sprint 1; 09:00 PDT is 16:00 UTC.
const DAYS = [
  { date: '2025-10-08', label: 'first day after boot' },
  { date: '2025-10-09', label: 'the next day' },
] as const;
const config = scaledConfig(STREAMS, 20);

const time = async (f: () => Promise<unknown>) => {
  const start = performance.now();
  await f();
  return performance.now() - start;
};

type Step = 'prompts' | 'reminders' | 'summary';
type Sample = { ours: number; raw: number };
type Day = { samples: Record<Step, Sample>; idleTick: number };

async function round(): Promise<Day[]> {
  // Each side has a workspace of its own, seeded alike: in one, whoever ran second found the
  // other's thousand DMs and messages there, and the emulator's lookups grow with them.
  const slack = await startSlackWorkspace(config, SIGNING_SECRET);
  const rawSlack = await startSlackWorkspace(config, SIGNING_SECRET);
  const channels = await channelIds(rawSlack.apiUrl);
  const users = await userIds(rawSlack.apiUrl);
  const streamChannels = config.streams.map((s) => channels.get(s.channel.slice(1)) as string);
  const people = config.people.map((p) => users.get(p.key) as string);
  // The floor: the same Slack calls from a bare Web API client, the same number at once.
  const client = new WebClient('xoxb-bench-raw-loop', { slackApiUrl: rawSlack.apiUrl, retryConfig: { retries: 0 } });

  const dms = new Map<string, string>();
  const raw = {
    async prompts(date: string): Promise<string[]> {
      const position = sprintPositionOfDate(config, date);
      if (position === null) throw new Error(`${date} is outside the sprint`);
      const posted = await Promise.all(
        streamChannels.map((channel, i) => {
          // The same message Paceline posts (blocks, metadata), so both ask the same of Slack.
          const stream = config.streams[i] as (typeof config.streams)[number];
          const m = presenters.standupPrompt({
            streamName: stream.name,
            sprintLabel: stream.sprintLabel,
            dayText: `Day ${position.day} of ${position.lengthDays} · ${describeDate(date)}`,
            crew: 'Ada, Omar',
            closeAt: config.standup.closeAt,
            runId: i + 1,
          });
          return client.chat.postMessage({
            channel,
            text: m.text,
            blocks: m.blocks as KnownBlock[],
            metadata: { event_type: METADATA_TYPE, event_payload: { purpose: `standup-prompt:${stream.key}:${date}` } },
          });
        }),
      );
      return posted.map((p) => p.ts as string);
    },
    // Each DM is posted to the person the first time (Slack answers with the conversation's id)
    // and to that conversation after, as Paceline does: no conversations.open on either side.
    async reminders(date: string): Promise<void> {
      const q = new PQueue({ concurrency: REMINDER_CONCURRENCY });
      await Promise.all(
        people.map((user) =>
          q.add(async () => {
            const res = await client.chat.postMessage({
              channel: dms.get(user) ?? user,
              text: "Reminder: today's stand-up for Stream 1 (<#C0000001>) is waiting for your answer. Reply in its thread or use /standup.",
              metadata: { event_type: METADATA_TYPE, event_payload: { purpose: `standup-remind:${date}:${user}` } },
            });
            if (res.channel !== undefined) dms.set(user, res.channel);
          }),
        ),
      );
    },
    // The same calls as Paceline's summary: every prompt thread read back, then one post.
    async summary(date: string, prompts: string[]): Promise<void> {
      const q = new PQueue({ concurrency: READ_BACK_CONCURRENCY });
      await Promise.all(
        streamChannels.map((channel, i) => q.add(() => client.conversations.replies({ channel, ts: prompts[i] as string }))),
      );
      const position = sprintPositionOfDate(config, date);
      const summary = presenters.standupSummary({
        date: describeDate(date),
        title: `Stand-up summary · ${describeDate(date)} · day ${position?.day} of ${position?.lengthDays}`,
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
        metadata: { event_type: METADATA_TYPE, event_payload: { purpose: `standup-summary:${date}` } },
      });
    },
  };

  const db = await createTestDatabase('postgres', 'bench-fanout');
  const first = (DAYS[0] as (typeof DAYS)[number]).date;
  const clock = new SettableClock(`${first}T15:59:00Z`);
  const { app } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: db, logLevel: 'info' });
  const tickAt = async (iso: string) => {
    clock.set(iso);
    await app.runner.tick();
    await app.idle();
  };
  try {
    const days: Day[] = [];
    for (const { date } of DAYS) {
      // A tick the minute before, so that the first tick's catch-up (the 08:55 Tiger Crew
      // announcement) is not counted as the prompts' work.
      await tickAt(`${date}T15:59:00Z`);
      let prompts: string[] = [];
      const rawPrompts = await time(async () => (prompts = await raw.prompts(date)));
      const ourPrompts = await time(() => tickAt(`${date}T16:00:00Z`));
      const rawReminders = await time(() => raw.reminders(date));
      const ourReminders = await time(() => tickAt(`${date}T16:10:00Z`));
      const rawSummary = await time(() => raw.summary(date, prompts));
      const ourSummary = await time(() => tickAt(`${date}T16:15:00Z`));
      // What a minute's tick costs with nothing due (sweeps, catch-ups), included in each row.
      const idleTick = await time(() => tickAt(`${date}T16:16:00Z`));
      days.push({
        samples: {
          prompts: { raw: rawPrompts, ours: ourPrompts },
          reminders: { raw: rawReminders, ours: ourReminders },
          summary: { raw: rawSummary, ours: ourSummary },
        },
        idleTick,
      });
    }
    return days;
  } finally {
    await app.stop();
    await db.drop();
    await slack.close();
    await rawSlack.close();
  }
}

const rounds: Day[][] = [];
for (let i = 0; i < ROUNDS; i++) rounds.push(await round());

const ratio = (s: Sample) => s.raw / s.ours;
const middle = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)] as T;
console.log(
  `09:00 fan-out, ${STREAMS} streams × 20 people, PostgreSQL, unpaced, ${REMINDER_CONCURRENCY} reminders at once; each row is a whole minute's tick; the median of ${ROUNDS} rounds`,
);
for (const [d, { label }] of DAYS.entries()) {
  const days = rounds.map((r) => r[d] as Day);
  console.log(
    `${label} (a minute's tick with nothing due: ${middle(
      days.map((x) => x.idleTick),
      (x) => x,
    ).toFixed(0)} ms)`,
  );
  for (const k of ['prompts', 'reminders', 'summary'] as const) {
    const samples = days.map((x) => x.samples[k]);
    const mid = middle(samples, ratio);
    record({
      measure: `P2 fan-out ${k}, ${label}`,
      value: `${ratio(mid).toFixed(2)}×`,
      goal: '≥ 0.9× a raw Web API loop',
      met: ratio(mid) >= 0.9,
    });
    console.log(
      `  ${k.padEnd(10)} paceline ${mid.ours.toFixed(0).padStart(6)} ms | raw Web API loop ${mid.raw.toFixed(0).padStart(6)} ms | throughput ratio ${ratio(mid).toFixed(2)} (goal ≥ 0.9; rounds: ${samples.map((s) => ratio(s).toFixed(2)).join(', ')})`,
    );
  }
}
