// npm run bench (P3): how late an escalation is posted after its deadline, on the wall clock and
// the real minute scheduler — with escalations woken for at their deadline, against the same app
// sweeping once a minute only (the baseline), in the same run. Cross-stream blockers are filed at
// uneven moments; their level 1 is due one minute later (a shortened playbook: 4 h in production).
// Lateness is the time from the deadline to Slack receiving the level-1 post (a recording proxy
// in front of the emulator stamps each call). Takes about two minutes per variant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SystemClock } from '../src/clock.js';
import { parseEnv } from '../src/config/env.js';
import { startPaceline } from '../src/main.js';
import { createLogger } from '../src/observability/logger.js';
import { startFaultProxy } from '../test/support/faultProxy.js';
import { BOT_TOKEN, exampleConfig, SIGNING_SECRET } from '../test/support/paceline.js';
import { postSlashCommand } from '../test/support/signedHttp.js';
import { startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';
import { record } from './support/summary.js';

const BLOCKERS = Number(process.env.BENCH_ESCALATIONS ?? 10);
const SPREAD_MS = 30_000;

const config = exampleConfig();
config.escalation.levels = [
  { level: 0, after: 0, notify: ['tiger-crew'], tags: [] },
  { level: 1, after: 60_000, notify: ['stream-leads'], tags: ['cross-stream'] },
];
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
const omar = (await userIds(slack.apiUrl)).get('omar') as string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(precise: boolean): Promise<number[]> {
  const proxy = await startFaultProxy(slack.apiUrl);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'paceline-bench-escalation-'));
  const env = parseEnv({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: proxy.apiUrl,
    PACELINE_DATA_DIR: dataDir,
    PORT: '0',
  });
  const app = await startPaceline({
    env,
    config,
    clock: new SystemClock(),
    logger: createLogger({ level: 'warn' }),
    scheduler: 'cron',
    preciseEscalations: precise,
  });
  try {
    const baseUrl = `http://127.0.0.1:${app.port}`;
    const filed: number[] = [];
    for (let i = 0; i < BLOCKERS; i++) {
      // Uneven moments within the minute, so deadlines fall anywhere between two ticks.
      await sleep(((i * 7919) % 10) * (SPREAD_MS / BLOCKERS / 5));
      const res = await postSlashCommand(
        baseUrl,
        { command: '/blocker', text: `timing ${i} #cross-stream needs:runtime`, user_id: omar },
        { secret: SIGNING_SECRET },
      );
      const m = /Filed B-(\d+)/.exec(await res.text());
      if (m === null) throw new Error('a /blocker was not filed');
      filed.push(Number(m[1]));
    }
    const lateness = new Map<number, number>();
    for (let waited = 0; lateness.size < filed.length && waited < 4 * 60_000; waited += 500) {
      await sleep(500);
      for (const n of filed) {
        if (lateness.has(n)) continue;
        const call = proxy.calls.find((c) => c.method === 'chat.postMessage' && c.body.includes(`"purpose":"blocker:${n}:level:1`));
        if (call === undefined) continue;
        const events = await app.deps.repos.blockers.events((await app.deps.repos.blockers.byNumber(n))?.id as number);
        const created = events.find((e) => e.kind === 'created')?.at as Date;
        // The proxy stamps calls with performance.now(); on the wall clock that is timeOrigin + now.
        lateness.set(n, performance.timeOrigin + call.at - (created.getTime() + 60_000));
      }
    }
    if (lateness.size < filed.length) throw new Error(`only ${lateness.size} of ${filed.length} escalations were posted`);
    return [...lateness.values()].sort((a, b) => a - b);
  } finally {
    await app.stop();
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
const line = (name: string, xs: number[]) =>
  `${name.padEnd(34)} p50 ${(q(xs, 0.5) / 1000).toFixed(2).padStart(6)} s   p99 ${(q(xs, 0.99) / 1000).toFixed(2).padStart(6)} s   max ${((xs.at(-1) as number) / 1000).toFixed(2).padStart(6)} s`;
const minute = await run(false);
const woken = await run(true);
console.log(`Escalation posted after its deadline, ${BLOCKERS} cross-stream blockers each, wall clock and the minute scheduler`);
console.log(line('minute sweep only (baseline)', minute));
console.log(line('woken at the deadline', woken));
record({
  measure: 'P3 escalation lateness p99',
  value: `${(q(woken, 0.99) / 1000).toFixed(2)} s`,
  goal: '≤ 60 s (worst case)',
  met: (woken.at(-1) as number) <= 60_000,
});
await slack.close();
