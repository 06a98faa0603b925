// npm run bench (growth): the minute tick's database work must not grow with history. One quiet
// minute's tick is measured on PostgreSQL with an empty history, then again after a year of it is
// added (job runs, blockers and their events, posted messages); PostgreSQL's own statistics
// (pg_stat_user_tables) say how many rows each table's scans read during the tick.
import { SettableClock } from '../src/clock.js';
import { createTestDatabase } from '../test/support/databases.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from '../test/support/paceline.js';
import { startSlackWorkspace } from '../test/support/slackEmulator.js';
import { record } from './support/summary.js';

const config = exampleConfig();
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
const testDb = await createTestDatabase('postgres', 'bench-growth');
const db = await testDb.open();
// Wed 2026-09-30 11:07 PDT: a minute with no scheduled job, so the tick is the every-minute work.
const clock = new SettableClock('2026-09-30T18:07:00Z');
const { app } = await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb, logLevel: 'info' });

type Stat = { relname: string; seq_scan: number; seq_tup_read: number; idx_scan: number; idx_tup_fetch: number };
const stats = async () =>
  new Map(
    (
      await db.prisma.$queryRawUnsafe<Stat[]>(
        `SELECT relname::text AS relname, seq_scan::int, seq_tup_read::int, coalesce(idx_scan, 0)::int AS idx_scan, coalesce(idx_tup_fetch, 0)::int AS idx_tup_fetch FROM pg_stat_user_tables`,
      )
    ).map((r) => [r.relname, r]),
  );
// PostgreSQL 15 flushes an idle backend's statistics within 10 s (busy ones at most once a
// second): wait that long, so the seeding's scans are not counted as the tick's.
const settle = () => new Promise((r) => setTimeout(r, 11_000));

async function measureTick(at: string): Promise<Map<string, { scans: number; rows: number }>> {
  await settle();
  const before = await stats();
  clock.set(at);
  await app.runner.tick();
  await app.idle();
  await settle();
  const after = await stats();
  const out = new Map<string, { scans: number; rows: number }>();
  for (const [t, a] of after) {
    const b = before.get(t) ?? { seq_scan: 0, seq_tup_read: 0, idx_scan: 0, idx_tup_fetch: 0 };
    const rows = a.seq_tup_read - b.seq_tup_read + (a.idx_tup_fetch - b.idx_tup_fetch);
    const scans = a.seq_scan - b.seq_scan + (a.idx_scan - b.idx_scan);
    if (scans > 0) out.set(t, { scans, rows });
  }
  return out;
}

await measureTick('2026-09-30T18:07:00Z'); // the first tick after boot catches up; not measured
const empty = await measureTick('2026-09-30T18:08:00Z');

// A year of history: 15 job runs a day, 10,000 blockers (resolved, each with its events) and
// 100,000 posted messages.
const sql = (q: string) => db.prisma.$executeRawUnsafe(q);
await sql(`INSERT INTO "JobRun" (job, slot, state, "claimedBy", "startedAt", "finishedAt")
  SELECT 'job-' || (i % 15), to_char(timestamptz '2025-09-30' + (i / 15) * interval '1 day' + (i % 15) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
    'succeeded', 'history', timestamptz '2025-09-30' + (i / 15) * interval '1 day', timestamptz '2025-09-30' + (i / 15) * interval '1 day'
  FROM generate_series(0, 365 * 15 - 1) i ON CONFLICT DO NOTHING`);
await sql(`INSERT INTO "Blocker" ("streamId", text, "reporterSlackId", state, "escalationLevel", "channelId", "messageTs", "createdAt", "resolvedAt")
  SELECT (SELECT id FROM "Stream" ORDER BY id LIMIT 1), 'old ' || i, 'U0HIST', 'resolved', 1, 'C0HIST', '1700000000.' || lpad(i::text, 6, '0'),
    timestamptz '2025-09-30' + i * interval '50 minutes', timestamptz '2025-09-30' + i * interval '50 minutes' + interval '3 hours'
  FROM generate_series(1, 10000) i`);
await sql(
  `INSERT INTO "BlockerEvent" ("blockerId", kind, level, at) SELECT id, 'created', NULL, "createdAt" FROM "Blocker" WHERE text LIKE 'old %'`,
);
await sql(`INSERT INTO "PostedMessage" (purpose, "channelId", ts, "intentAt", "postedAt", attempts)
  SELECT 'history:' || i, 'C0HIST', '1700000000.' || lpad(i::text, 6, '0'), timestamptz '2025-09-30' + i * interval '5 minutes',
    timestamptz '2025-09-30' + i * interval '5 minutes', 1
  FROM generate_series(1, 100000) i`);
await sql('ANALYZE');
const year = await measureTick('2026-09-30T18:09:00Z');

await app.stop();
await db.close();
await testDb.drop();
await slack.close();

console.log('Rows read by one quiet minute tick, per table (scans: sequential + index), empty history vs a year of it');
let growing = 0;
for (const t of [...new Set([...empty.keys(), ...year.keys()])].sort()) {
  const e = empty.get(t) ?? { scans: 0, rows: 0 };
  const y = year.get(t) ?? { scans: 0, rows: 0 };
  if (y.rows > e.rows + 50) growing += 1;
  console.log(
    `${t.padEnd(20)} empty: ${String(e.scans).padStart(3)} scans ${String(e.rows).padStart(7)} rows | a year: ${String(y.scans).padStart(3)} scans ${String(y.rows).padStart(7)} rows`,
  );
}
console.log(growing === 0 ? 'No table read grows with history.' : `${growing} table(s) read more rows with a year of history.`);
record({ measure: 'Growth: tables a quiet tick reads more of after a year', value: String(growing), goal: '0', met: growing === 0 });
