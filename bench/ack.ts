// npm run bench: how long Slack waits for Paceline's answer to a signed request, against a
// bare Bolt app doing nothing on the same machine in the same run (DESIGN §7: our handling
// within a small factor of a bare Bolt app, and well inside Slack's 3 s).
//
// Both apps get the same signed requests over loopback, 50 at once, batches interleaved so that
// machine noise hits both alike: a /sprint slash command (Paceline renders the sprint status
// from the database-backed config), a block action (a blocker's Acknowledge button; the work
// happens after the ack) and an app_home_opened event (acknowledged at once; the work happens
// after the ack). Loops are bounded; everything stops by itself.
import type { Server } from 'node:http';
import bolt from '@slack/bolt';
import type { Clock } from '../src/clock.js';
import { createTestDatabase, type DatabaseKind } from '../test/support/databases.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { postBlockAction, postEvent, postSlashCommand } from '../test/support/signedHttp.js';
import { startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';
import { record } from './support/summary.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const WARMUP = 50;
const CONCURRENCY = 50;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function timed(fn: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return performance.now() - start;
}

/** A clock that starts on a sprint day and runs at the wall clock's pace (what is cached for a second expires as it would). */
function runningFrom(start: string): Clock {
  const from = new Date(start).getTime() - performance.now();
  return { now: () => new Date(from + performance.now()) };
}

const config = exampleConfig();
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
// BENCH_DB=postgres measures on PostgreSQL (a database of its own, dropped after); default embedded.
const kind: DatabaseKind = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'embedded';
const testDb = await createTestDatabase(kind, 'bench-ack');
const { app: paceline, baseUrl } = await startTestApp({
  config,
  apiUrl: slack.apiUrl,
  clock: runningFrom('2025-10-08T17:00:00Z'),
  database: testDb,
});

// The baseline: Bolt with the same receiver and signature checks, listeners that only ack.
const bare = new bolt.App({
  token: 'xoxb-bench',
  signingSecret: SIGNING_SECRET,
  tokenVerificationEnabled: false,
  clientOptions: { slackApiUrl: slack.apiUrl },
});
bare.command('/sprint', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});
bare.event('app_home_opened', () => Promise.resolve());
bare.action('blocker_ack', async ({ ack }) => {
  await ack();
});
const bareServer = (await bare.start(0)) as Server;
const address = bareServer.address();
const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

const user = (await userIds(slack.apiUrl)).get('ada') as string;
const requests = {
  '/sprint command': (base: string) => () => postSlashCommand(base, { command: '/sprint', user_id: user }, { secret: SIGNING_SECRET }),
  'block action': (base: string) => () =>
    postBlockAction(
      base,
      { userId: user, handle: 'ada', actionId: 'blocker_ack', value: '999999', channel: { id: 'C0', name: 'governance-core' } },
      { secret: SIGNING_SECRET },
    ),
  'app_home_opened event': (base: string) => () =>
    postEvent(base, { type: 'app_home_opened', user, channel: 'D0', tab: 'home', event_ts: '1.1' }, { secret: SIGNING_SECRET }),
};

const rows: string[] = [];
for (const [name, make] of Object.entries(requests)) {
  const ours: number[] = [];
  const base: number[] = [];
  const batch = (f: () => Promise<Response>) => Promise.all(Array.from({ length: CONCURRENCY }, () => timed(f)));
  for (let i = 0; i < Math.ceil((ROUNDS + WARMUP) / CONCURRENCY); i++) {
    const a = await batch(make(baseUrl));
    await paceline.idle();
    const b = await batch(make(bareUrl));
    if (i * CONCURRENCY >= WARMUP) {
      ours.push(...a);
      base.push(...b);
    }
  }
  ours.sort((x, y) => x - y);
  base.sort((x, y) => x - y);
  const fmt = (v: number) => v.toFixed(2).padStart(8);
  const ratio = (q: number) => (quantile(ours, q) / quantile(base, q)).toFixed(1).padStart(5);
  const p99 = quantile(ours, 0.99) / quantile(base, 0.99);
  record({ measure: `P1 ${name} ack p99 (${kind})`, value: `${p99.toFixed(2)}×`, goal: '≤ 1.5× bare Bolt', met: p99 <= 1.5 });
  rows.push(
    `${name.padEnd(24)} paceline p50 ${fmt(quantile(ours, 0.5))} ms p99 ${fmt(quantile(ours, 0.99))} ms | bare Bolt p50 ${fmt(quantile(base, 0.5))} ms p99 ${fmt(quantile(base, 0.99))} ms | ratio p50 ${ratio(0.5)} p99 ${ratio(0.99)}`,
  );
}

console.log(
  `Slack request → HTTP answer, ${ROUNDS} requests each in batches of ${CONCURRENCY} at once after ${WARMUP} warm-up, loopback, ${kind} database`,
);
for (const r of rows) console.log(r);

await paceline.stop();
await bare.stop();
await slack.close();
await testDb.drop();
