// npm run bench (P5): resident memory of `paceline start` once booted and idle, on PostgreSQL
// and on the embedded database, against a bare Bolt app in a process of its own, in the same run.
// Each app is a node process of its own (no tsx; Paceline with the node options `npm start` gives
// it) against the Slack emulator on loopback; RSS is read from
// /proc after boot, then again after 100 signed /sprint commands and as many App Home opens, and
// once more 35 s later (when the chart thread has exited).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.js';
import { BOT_TOKEN, exampleConfig, SIGNING_SECRET } from '../test/support/paceline.js';
import { postEvent, postSlashCommand } from '../test/support/signedHttp.js';
import { startSlackWorkspace, userIds } from '../test/support/slackEmulator.js';
import { NODE_OPTIONS } from '../src/runtime.js';
import { record } from './support/summary.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const config = exampleConfig();
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
const user = (await userIds(slack.apiUrl)).get('ada') as string;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a process and resolves with its port once it logs that it listens. */
function launch(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m && /listening/.test(out)) resolve({ child, port: Number(m[1]) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
}

/** Idle RSS (the lowest of a few samples over two seconds), then RSS after some traffic. */
async function measure(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ name: string; idle: number; busy: number; later: number }> {
  const { child, port } = await launch(args, env);
  const pid = child.pid as number;
  await settle(3000);
  let idle = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++, await settle(400)) idle = Math.min(idle, rssMb(pid));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    await (await postSlashCommand(base, { command: '/sprint', user_id: user }, { secret: SIGNING_SECRET })).text();
    await (
      await postEvent(base, { type: 'app_home_opened', user, channel: 'D0', tab: 'home', event_ts: `1.${i}` }, { secret: SIGNING_SECRET })
    ).text();
  }
  await settle(2000);
  const busy = rssMb(pid);
  // Charts are drawn in a worker thread that exits after 30 s without a chart.
  await settle(35_000);
  const later = rssMb(pid);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { name, idle, busy, later };
}

const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: '0', LOG_LEVEL: 'warn' };
// As `npm start` and the `paceline` command run it: with the app's node options.
const start = [...NODE_OPTIONS, 'bin/paceline.js', 'start', '--config', 'paceline.example.yml'];
const plainNode = start.filter((a) => !NODE_OPTIONS.includes(a));
const rows = [await measure('bare Bolt', ['bench/support/bareBolt.mjs'], env)];
const pg: TestDatabase = await createTestDatabase('postgres', 'bench-memory');
const dataDirs: string[] = [];
const freshDataDir = () => {
  dataDirs.push(mkdtempSync(path.join(tmpdir(), 'paceline-bench-memory-')));
  return dataDirs.at(-1) as string;
};
try {
  const onPostgres = { ...env, DATABASE_URL: pg.url as string, LOG_LEVEL: 'info' };
  rows.push(await measure('paceline on postgres', start, onPostgres));
  rows.push(await measure('paceline on embedded', start, { ...env, PACELINE_DATA_DIR: freshDataDir(), LOG_LEVEL: 'info' }));
  // What the stack costs before any of Paceline's code (on the tables the runs above migrated),
  // and what the node option saves (the same app as plain `node bin/paceline.js start`).
  rows.push(await measure('Bolt + Prisma on pg', [...NODE_OPTIONS, 'bench/support/boltPrisma.mjs'], onPostgres));
  rows.push(await measure('postgres, plain node', plainNode, onPostgres));
  rows.push(await measure('embedded, plain node', plainNode, { ...env, PACELINE_DATA_DIR: freshDataDir(), LOG_LEVEL: 'info' }));
} finally {
  await pg.drop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  await slack.close();
}
const floor = rows[0] as (typeof rows)[number];
console.log(
  'Resident memory (RSS), each app a node process of its own; after boot and idle, 2 s after 100 /sprint + 100 App Home opens, and 35 s after them',
);
const cell = (mb: number, base: number) => `${mb.toFixed(0).padStart(5)} MB (${(mb / base).toFixed(1)}×)`;
for (const r of rows)
  console.log(
    `${r.name.padEnd(22)} idle ${cell(r.idle, floor.idle)}   after traffic ${cell(r.busy, floor.busy)}   35 s later ${cell(r.later, floor.later)}`,
  );
const pgRow = rows[1] as (typeof rows)[number];
const embeddedRow = rows[2] as (typeof rows)[number];
const stackRow = rows[3] as (typeof rows)[number];
record({ measure: 'P5 idle, Bolt + Prisma alone', value: `${(stackRow.idle / floor.idle).toFixed(2)}×`, goal: 'reported', met: null });
record({
  measure: 'P5 idle memory, PostgreSQL',
  value: `${(pgRow.idle / floor.idle).toFixed(2)}×`,
  goal: '≤ 1.5× bare Bolt',
  met: pgRow.idle / floor.idle <= 1.5,
});
record({ measure: 'P5 idle memory, embedded', value: `${embeddedRow.idle.toFixed(0)} MB`, goal: '< 250 MB', met: embeddedRow.idle < 250 });
record({
  measure: 'P5 after a day, PostgreSQL (35 s on)',
  value: `${(pgRow.later / floor.later).toFixed(2)}×`,
  goal: '≤ 1.5× bare Bolt',
  met: pgRow.later / floor.later <= 1.5,
});
