// npm run bench (P4): the Monday digest at organisation scale — 50 streams of 20 people, a year
// of sprints holding 100,000 work items (about 450,000 events) and 10,000 blockers in
// PostgreSQL. Measured: the time to compute the digest and render its message and chart, against
// a raw SQL read of the rows the digest reads (the floor: no digest can be faster than reading
// its facts), in the same run; and the memory the digest adds. Goal: at most 3× the floor.
import { SettableClock } from '../src/clock.js';
import { createRepositories, migrate } from '../src/db/index.js';
import { wallClockInstant } from '../src/domain/calendar.js';
import { availableWith } from '../src/domain/plan.js';
import { rosterFrom } from '../src/main.js';
import { createLogger } from '../src/observability/logger.js';
import { DigestService } from '../src/services/digest.js';
import { presenters } from '../src/slack/presenters/index.js';
import { createTestDatabase } from '../test/support/databases.js';
import { scaledConfig } from '../test/support/scaledConfig.js';
import { record } from './support/summary.js';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 50);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const BLOCKERS = Number(process.env.BENCH_BLOCKERS ?? 10_000);
const SPRINTS = 26; // a year of two-week sprints
const ROUNDS = Number(process.env.BENCH_DIGEST_ROUNDS ?? 5);

const config = scaledConfig(STREAMS, 20);
// Monday of week 2 of the 26th sprint (the example's sprints start on Saturdays).
const DATE = '2026-09-14';
const clock = new SettableClock(wallClockInstant(DATE, config.digest.time, config.timezone).toISOString());
const testDb = await createTestDatabase('postgres', 'bench-digest');
const db = await testDb.open();
try {
  await migrate(db, () => clock.now());
  const repos = createRepositories(db);
  await repos.roster.sync(rosterFrom(config, { channels: new Map(), people: new Map() }));

  const seedStarted = performance.now();
  const sql = (q: string) => db.prisma.$executeRawUnsafe(q);
  await sql(`INSERT INTO "Sprint" (number, "startDate", "endDate")
    SELECT n, to_char(date '2025-10-04' + (n - 1) * 14, 'YYYY-MM-DD'), to_char(date '2025-10-04' + (n - 1) * 14 + 13, 'YYYY-MM-DD')
    FROM generate_series(1, ${SPRINTS}) n ON CONFLICT (number) DO NOTHING`);
  // Items spread evenly over the sprints and streams; 1–5 points; planned on the sprint's first
  // Monday; in past sprints all completed, in the current one every third before the digest.
  await sql(`INSERT INTO "WorkItem" ("trackerId", identifier, "sprintId", "streamId", title, points, state, assignee, "updatedAt", "completedAt")
    SELECT 'bench:' || i, 'S' || (i % ${STREAMS} + 1) || '-' || i, sp.id, st.id, 'Work item ' || i, 1 + i % 5,
      CASE WHEN sp.number < ${SPRINTS} OR i % 3 = 0 THEN 'completed' ELSE 'started' END,
      's' || (i % ${STREAMS} + 1) || '-p' || (1 + i % 20), now(), NULL
    FROM generate_series(0, ${ITEMS - 1}) i
    JOIN "Sprint" sp ON sp.number = 1 + (i * ${SPRINTS}) / ${ITEMS}
    JOIN "Stream" st ON st.key = 's' || (i % ${STREAMS} + 1)`);
  const planned = `(sp."startDate"::date + 2 + time '17:00') AT TIME ZONE 'UTC'`;
  for (const [kind, from, to, at] of [
    ['added', 'NULL', 'sp.number::text', planned],
    ['stream', 'NULL', 'st.key', planned],
    ['points', 'NULL', 'w.points::text', planned],
    ['state', 'NULL', `'unstarted'`, planned],
    ['state', `'unstarted'`, `'started'`, `${planned} + interval '1 day'`],
  ] as const)
    await sql(`INSERT INTO "WorkItemEvent" ("workItemId", kind, "fromValue", "toValue", at, source)
      SELECT w.id, '${kind}', ${from}, ${to}, ${at}, 'webhook'
      FROM "WorkItem" w JOIN "Sprint" sp ON sp.id = w."sprintId" JOIN "Stream" st ON st.id = w."streamId"`);
  // Completions: within the sprint's working days (Mon–Fri of both weeks); in the current sprint
  // only on days before the digest (its Monday … Friday of week 1).
  await sql(`INSERT INTO "WorkItemEvent" ("workItemId", kind, "fromValue", "toValue", at, source)
    SELECT w.id, 'state', 'started', 'completed',
      (sp."startDate"::date + 2 + (ARRAY[0,1,2,3,4,7,8,9,10,11])[1 + (w.id % CASE WHEN sp.number = ${SPRINTS} THEN 5 ELSE 10 END)] + time '20:00') AT TIME ZONE 'UTC',
      'webhook'
    FROM "WorkItem" w JOIN "Sprint" sp ON sp.id = w."sprintId" WHERE w.state = 'completed'`);
  await sql(`INSERT INTO "Blocker" ("streamId", text, "reporterSlackId", state, "escalationLevel", "createdAt", "ackedAt", "resolvedAt")
    SELECT st.id, 'Blocked on thing ' || i, 'U0BENCH', CASE WHEN i % 50 = 0 THEN 'open' ELSE 'resolved' END, i % 3 - 1,
      timestamptz '2025-10-06 17:00Z' + (i * interval '1 hour' * 8700 / ${BLOCKERS}),
      timestamptz '2025-10-06 17:30Z' + (i * interval '1 hour' * 8700 / ${BLOCKERS}),
      CASE WHEN i % 50 = 0 THEN NULL ELSE timestamptz '2025-10-07 17:00Z' + (i * interval '1 hour' * 8700 / ${BLOCKERS}) END
    FROM generate_series(1, ${BLOCKERS}) i JOIN "Stream" st ON st.key = 's' || (i % ${STREAMS} + 1)`);
  await sql('ANALYZE');
  const counts = await db.prisma.$queryRawUnsafe<{ items: number; events: number; blockers: number }[]>(
    `SELECT (SELECT count(*) FROM "WorkItem")::int AS items, (SELECT count(*) FROM "WorkItemEvent")::int AS events, (SELECT count(*) FROM "Blocker")::int AS blockers`,
  );
  console.log(`seeded ${JSON.stringify(counts[0])} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  const logger = createLogger({ level: 'warn' });
  const digest = new DigestService({
    config,
    repos,
    clock,
    directory: { channels: new Map(), people: new Map() },
    present: presenters,
    logger,
    availability: async () => availableWith(config, await repos.ooo.all()),
  });

  // The floor: the rows the digest reads, read with plain SQL — the work items of the window
  // (changed since the throughput history began, or in the sprints velocity compares) with all
  // their events, and last week's blockers.
  const since = wallClockInstant('2026-07-25', '00:00', config.timezone); // sprint 23's first day (3 sprints back)
  const floor = async () => {
    const chosen = `SELECT w.id FROM "WorkItem" w LEFT JOIN "Sprint" s ON s.id = w."sprintId"
      WHERE w.id IN (SELECT "workItemId" FROM "WorkItemEvent" WHERE at >= $1) OR s.number >= 23`;
    await db.prisma.$queryRawUnsafe(`SELECT id, identifier, assignee, points FROM "WorkItem" WHERE id IN (${chosen})`, since);
    await db.prisma.$queryRawUnsafe(
      `SELECT e."workItemId", e.kind, e."fromValue", e."toValue", e.at, e.source FROM "WorkItemEvent" e WHERE e."workItemId" IN (${chosen}) ORDER BY e.at, e.id`,
      since,
    );
    await db.prisma.$queryRawUnsafe(
      `SELECT * FROM "Blocker" WHERE "createdAt" < $1 AND ("resolvedAt" IS NULL OR "resolvedAt" >= $2)`,
      clock.now(),
      new Date(clock.now().getTime() - 7 * 86_400_000),
    );
  };

  const time = async (f: () => Promise<unknown>) => {
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  await floor();
  await digest.preview(DATE); // warm-up: JIT, vega's first compile, the font
  const floorTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) floorTimes.push(await time(floor));
  // The memory the digest adds: the peak RSS while it runs, over the RSS before (after a GC).
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const digestTimes: number[] = [];
  let blocks = 0;
  for (let r = 0; r < ROUNDS; r++)
    digestTimes.push(
      await time(async () => {
        const p = await digest.preview(DATE);
        blocks = (p?.message.blocks ?? []).length;
      }),
    );
  clearInterval(sampler);
  const f = median(floorTimes);
  const d = median(digestTimes);
  console.log(
    `digest of ${STREAMS} streams (${blocks} blocks + chart)   raw SQL read p50 ${f.toFixed(0).padStart(6)} ms | digest p50 ${d.toFixed(0).padStart(6)} ms | ratio ${(d / f).toFixed(1)} (goal ≤ 3)`,
  );
  record({ measure: `P4 digest, ${STREAMS} streams`, value: `${(d / f).toFixed(2)}×`, goal: '≤ 3× a raw SQL read', met: d / f <= 3 });
  record({ measure: 'P4 digest memory added', value: `+${((peakRss - before.rss) / 2 ** 20).toFixed(0)} MB`, goal: 'reported', met: null });
  console.log(
    `memory: rss before ${(before.rss / 2 ** 20).toFixed(0)} MB, peak during the runs +${((peakRss - before.rss) / 2 ** 20).toFixed(0)} MB`,
  );
} finally {
  await db.close();
  await testDb.drop();
}
