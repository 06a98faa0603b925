// npm run bench: how long Slack waits for Paceline's answer to a signed request, against a
// bare Bolt app doing nothing on the same machine in the same run (DESIGN §7: our handling
// within a small factor of a bare Bolt app, and well inside Slack's 3 s).
//
// Both apps get the same signed requests over loopback, one at a time, interleaved so that
// machine noise hits both alike: a /sprint slash command (Paceline renders the sprint status
// from the database-backed config) and an app_home_opened event (acknowledged at once; the
// work happens after the ack). Loops are bounded; everything stops by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import bolt from '@slack/bolt';
import { SettableClock } from '../src/clock.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { postEvent, postSlashCommand } from '../test/support/signedHttp.js';
import { startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const WARMUP = 30;

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

const config = exampleConfig();
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
const dataDir = mkdtempSync(path.join(tmpdir(), 'paceline-bench-'));
const { app: paceline, baseUrl } = await startTestApp({
  config,
  apiUrl: slack.apiUrl,
  clock: new SettableClock('2025-10-08T17:00:00Z'),
  database: { url: undefined, dataDir },
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
const bareServer = (await bare.start(0)) as Server;
const address = bareServer.address();
const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

const user = (await userIds(slack.apiUrl)).get('ada') as string;
const requests = {
  '/sprint command': (base: string) => () => postSlashCommand(base, { command: '/sprint', user_id: user }, { secret: SIGNING_SECRET }),
  'app_home_opened event': (base: string) => () =>
    postEvent(base, { type: 'app_home_opened', user, channel: 'D0', tab: 'home', event_ts: '1.1' }, { secret: SIGNING_SECRET }),
};

const rows: string[] = [];
for (const [name, make] of Object.entries(requests)) {
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    const a = await timed(make(baseUrl));
    const b = await timed(make(bareUrl));
    if (i >= WARMUP) {
      ours.push(a);
      base.push(b);
    }
    await paceline.idle();
  }
  ours.sort((x, y) => x - y);
  base.sort((x, y) => x - y);
  const fmt = (v: number) => v.toFixed(2).padStart(8);
  const ratio = (q: number) => (quantile(ours, q) / quantile(base, q)).toFixed(1).padStart(5);
  rows.push(
    `${name.padEnd(24)} paceline p50 ${fmt(quantile(ours, 0.5))} ms p99 ${fmt(quantile(ours, 0.99))} ms | bare Bolt p50 ${fmt(quantile(base, 0.5))} ms p99 ${fmt(quantile(base, 0.99))} ms | ratio p50 ${ratio(0.5)} p99 ${ratio(0.99)}`,
  );
}

console.log(`Slack request → HTTP answer, ${ROUNDS} requests each after ${WARMUP} warm-up, loopback, embedded database`);
for (const r of rows) console.log(r);

await paceline.stop();
await bare.stop();
await slack.close();
rmSync(dataDir, { recursive: true, force: true });
