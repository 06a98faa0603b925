// npm run bench (second part): 200 /blocker commands at once. Each is stored durably before
// it is acknowledged (one transaction), so the acknowledgement waits on the database; on the
// embedded PGlite, which has a single connection, the transactions queue. Measured on PGlite
// and on PostgreSQL, against a bare Bolt app acknowledging the same burst without any work, in
// the same run. Slack's limit is 3 s; the goal for the acknowledgement is under 1 s at p99.
import type { Server } from 'node:http';
import bolt from '@slack/bolt';
import { SettableClock } from '../src/clock.js';
import { createTestDatabase, type DatabaseKind } from '../test/support/databases.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { postSlashCommand } from '../test/support/signedHttp.js';
import { startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';
import { record } from './support/summary.js';

const BURST = Number(process.env.BENCH_BURST ?? 200);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const config = exampleConfig();
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
const users = await userIds(slack.apiUrl);
const reporters = ['omar', 'lena', 'ada', 'kai', 'noor', 'theo', 'mira', 'felix', 'yuki'].map((h) => users.get(h) as string);

async function burst(baseUrl: string): Promise<number[]> {
  const times = await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const start = performance.now();
      const res = await postSlashCommand(
        baseUrl,
        { command: '/blocker', text: `burst item ${i} is blocked`, user_id: reporters[i % reporters.length] as string },
        { secret: SIGNING_SECRET },
      );
      const body = await res.text();
      if (res.status !== 200 || (baseUrl !== bareUrl && !body.includes('Filed B-'))) throw new Error(`HTTP ${res.status}: ${body}`);
      return performance.now() - start;
    }),
  );
  return times.sort((x, y) => x - y);
}

// The baseline: Bolt with the same receiver and signature checks, a listener that only acks.
const bare = new bolt.App({
  token: 'xoxb-bench',
  signingSecret: SIGNING_SECRET,
  tokenVerificationEnabled: false,
  clientOptions: { slackApiUrl: slack.apiUrl },
});
bare.command('/blocker', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});
const bareServer = (await bare.start(0)) as Server;
const address = bareServer.address();
const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

const fmt = (v: number) => v.toFixed(0).padStart(6);
const measured: [string, number][] = [];
const line = (name: string, t: number[]) => (measured.push([name, quantile(t, 0.99)]), row(name, t));
const row = (name: string, t: number[]) =>
  `${name.padEnd(22)} p50 ${fmt(quantile(t, 0.5))} ms  p99 ${fmt(quantile(t, 0.99))} ms  max ${fmt(t.at(-1) as number)} ms  over 1 s: ${String(t.filter((x) => x > 1000).length).padStart(3)}  over 3 s: ${String(t.filter((x) => x > 3000).length).padStart(3)}`;

const rows: string[] = [line('bare Bolt (baseline)', await burst(bareUrl))];
for (const kind of ['embedded', 'postgres'] as DatabaseKind[]) {
  const db = await createTestDatabase(kind, `bench-burst`);
  const { app, baseUrl } = await startTestApp({
    config,
    apiUrl: slack.apiUrl,
    clock: new SettableClock('2025-10-08T17:00:00Z'),
    database: db,
  });
  // A warm-up burst of 20, then the measured one.
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      postSlashCommand(baseUrl, { command: '/blocker', text: `warm ${i}`, user_id: reporters[0] as string }, { secret: SIGNING_SECRET }),
    ),
  );
  await app.idle();
  rows.push(line(`paceline on ${kind}`, await burst(baseUrl)));
  await app.idle();
  await app.stop();
  await db.drop();
}
rows.push(line('bare Bolt (again)', await burst(bareUrl)));

console.log(`${BURST} concurrent /blocker → HTTP acknowledgement, loopback, same run`);
for (const r of rows) console.log(r);
for (const [name, p99] of measured.filter(([n]) => n.startsWith('paceline')))
  record({ measure: `200 /blocker at once, p99 (${name})`, value: `${(p99 / 1000).toFixed(2)} s`, goal: '< 3 s (Slack)', met: p99 < 3000 });

await bare.stop();
await slack.close();
