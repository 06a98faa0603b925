import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, migrate, type Database, type Repositories } from '../src/db/index.js';
import { MIGRATIONS_DIR, readMigrations } from '../src/db/migrate.js';
import { openEmbedded, processStartTime } from '../src/db/database.js';
import { isUniqueViolation } from '../src/db/errors.js';
import { isPacelineError } from '../src/errors.js';
import { workItemChanges, type WorkItemSnapshot } from '../src/domain/workItems.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';

const at = new Date('2025-10-06T16:00:00.000Z');

describe.each(DATABASE_KINDS)('repositories on the %s database', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  let repos: Repositories;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind, 'repos');
    db = await testDb.open();
    const report = await migrate(db, () => at);
    expect(report.applied).toEqual(readMigrations().map((m) => m.name));
    repos = createRepositories(db);
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it('reads the digest its window of work: items changed since an instant or in the later sprints, with their whole history', async () => {
    const sprint = (n: number) => ({ number: n, startDate: `2025-1${n - 1}-04`, endDate: `2025-1${n - 1}-17` });
    const item = (identifier: string, sprintNumber: number, points: number): WorkItemSnapshot => ({
      trackerId: `window:${identifier}`,
      identifier,
      title: identifier,
      url: null,
      streamKey: null,
      sprintNumber,
      points,
      state: 'unstarted',
      assignee: 'ada',
      labels: [],
      startedAt: null,
      completedAt: null,
      removed: false,
      mergedAt: null,
    });
    const put = (after: WorkItemSnapshot, when: string) =>
      repos.workItems.record(after, {
        sprint: sprint(after.sprintNumber as number),
        at: new Date(when),
        source: 'command',
        diff: (before) => workItemChanges(before, after),
      });
    await put(item('OLD-1', 1, 3), '2025-10-06T17:00:00Z'); // untouched since: outside the window
    await put(item('AHEAD-1', 3, 5), '2025-10-06T17:00:00Z'); // planned early for sprint 3
    await put(item('MOVED-1', 1, 2), '2025-10-06T17:00:00Z');
    await put(item('MOVED-1', 1, 8), '2025-11-05T17:00:00Z'); // re-estimated inside the window
    const h = await repos.workItems.history(new Date('2025-11-01T00:00:00Z'), 3);
    expect(h.items.map((i) => [i.identifier, i.sprintNumber, i.points]).sort()).toEqual([
      ['AHEAD-1', 3, 5],
      ['MOVED-1', 1, 8],
    ]);
    expect(h.events.filter((e) => e.identifier === 'MOVED-1').map((e) => [e.kind, e.to, e.at.toISOString()])).toEqual([
      ['added', '1', '2025-10-06T17:00:00.000Z'],
      ['points', '2', '2025-10-06T17:00:00.000Z'],
      ['state', 'unstarted', '2025-10-06T17:00:00.000Z'],
      ['points', '8', '2025-11-05T17:00:00.000Z'],
    ]);
    expect(h.events.some((e) => e.identifier === 'OLD-1')).toBe(false);
    expect(h.firstEventAt?.toISOString()).toBe('2025-10-06T17:00:00.000Z');
  });

  it('records a post intent once, leases it to one deliverer, and records where and when it was posted', async () => {
    const message = { text: 'Stand-up', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Day 5*' } }] };
    const lease = new Date(at.getTime() + 60_000);
    const first = await repos.postedMessages.acquire({ purpose: 'p:1', channelId: 'C1', threadTs: null, message, at, leaseUntil: lease });
    expect(first).toEqual({
      kind: 'leased',
      row: expect.objectContaining({
        purpose: 'p:1',
        channelId: 'C1',
        threadTs: null,
        ts: null,
        payload: message,
        intentAt: at,
        leaseUntil: lease,
        attempts: 1,
      }),
    });
    expect(first.row.intentAt).toBeInstanceOf(Date);
    // Held: a second deliverer waits; the row is as it was.
    expect(
      (await repos.postedMessages.acquire({ purpose: 'p:1', channelId: 'C2', threadTs: null, message, at, leaseUntil: lease })).kind,
    ).toBe('busy');
    const postedAt = new Date(at.getTime() + 1000);
    await repos.postedMessages.recordPosted('p:1', 'D9', '1760000000.000100', postedAt);
    expect(await repos.postedMessages.get('p:1')).toMatchObject({
      channelId: 'D9',
      ts: '1760000000.000100',
      postedAt,
      leaseUntil: null,
      payload: message,
    });
    expect(
      (await repos.postedMessages.acquire({ purpose: 'p:1', channelId: 'C1', threadTs: null, message, at, leaseUntil: lease })).kind,
    ).toBe('posted');
    await expect(repos.postedMessages.recordPosted('p:never', 'C1', '1.2', postedAt)).rejects.toThrow(/no intent for p:never/);
  });

  it('records intents and posts made at the same moment together, each caller getting its own answer', async () => {
    const lease = new Date(at.getTime() + 60_000);
    const intent = (purpose: string, channelId: string) => ({
      purpose,
      channelId,
      threadTs: null,
      message: { text: `to ${channelId}` },
      at,
      leaseUntil: lease,
    });
    // Fifty new purposes, one of them asked twice and one already known, all in one turn.
    await repos.postedMessages.acquire(intent('many:known', 'C0'));
    const asked = [
      ...Array.from({ length: 50 }, (_, i) => intent(`many:${i}`, `C${i}`)),
      intent('many:7', 'C-other'),
      intent('many:known', 'C0'),
    ];
    const got = await Promise.all(asked.map((o) => repos.postedMessages.acquire(o)));
    expect(got.slice(0, 50).map((g) => [g.kind, g.row.purpose, g.row.channelId])).toEqual(
      Array.from({ length: 50 }, (_, i) => ['leased', `many:${i}`, `C${i}`]),
    );
    // The same purpose twice in one batch: one deliverer only; a known one is held by its first.
    expect(got.slice(50).map((g) => [g.kind, g.row.channelId])).toEqual([
      ['busy', 'C7'],
      ['busy', 'C0'],
    ]);
    // Posts recorded together: each its own ts; one with no intent fails alone.
    const postedAt = new Date(at.getTime() + 1000);
    const recorded = await Promise.allSettled([
      ...Array.from({ length: 50 }, (_, i) => repos.postedMessages.recordPosted(`many:${i}`, `D${i}`, `1760000000.${i}`, postedAt)),
      repos.postedMessages.recordPosted('many:none', 'C1', '1.2', postedAt),
    ]);
    expect(recorded.map((r) => r.status)).toEqual([...Array.from({ length: 50 }, () => 'fulfilled'), 'rejected']);
    expect(String((recorded[50] as PromiseRejectedResult).reason)).toMatch(/no intent for many:none/);
    for (const i of [0, 7, 49])
      expect(await repos.postedMessages.get(`many:${i}`)).toMatchObject({
        channelId: `D${i}`,
        ts: `1760000000.${i}`,
        postedAt,
        leaseUntil: null,
        payload: { text: `to C${i}` },
      });
  });

  it('recognises a unique-key violation the same way on this database, and nothing else as one', async () => {
    await db.prisma.processedEvent.create({ data: { id: `dup-${kind}`, source: 'slack', receivedAt: at } });
    const duplicate = await db.prisma.processedEvent.create({ data: { id: `dup-${kind}`, source: 'slack', receivedAt: at } }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(duplicate).not.toBeNull();
    expect(isUniqueViolation(duplicate)).toBe(true);
    // A foreign-key violation is a different failure and must not be taken for a lost race.
    const fk = await db.prisma.blockerEvent.create({ data: { blockerId: 987654, kind: 'created', at } }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(fk).not.toBeNull();
    expect(isUniqueViolation(fk)).toBe(false);
    // Leave nothing behind for the other tests of this suite.
    await db.prisma.processedEvent.delete({ where: { id: `dup-${kind}` } });
  });

  it('a second migrate applies nothing and keeps Prisma bookkeeping', async () => {
    const again = await migrate(db, () => at);
    expect(again).toEqual({ applied: [], alreadyApplied: readMigrations().length });
    const rows = await db.withMigrationLock((s) =>
      s.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM "_prisma_migrations"'),
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(readMigrations().map((m) => [m.name, m.checksum]));
  });

  it('claims a (job, slot) for exactly one of many concurrent claimants', async () => {
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => repos.jobRuns.claim('standup-open', '2025-10-06T16:00:00.000Z', `replica-${i}`, at)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = `replica-${claims.indexOf(true)}`;
    const row = await repos.jobRuns.get('standup-open', '2025-10-06T16:00:00.000Z');
    expect(row).toMatchObject({ state: 'running', claimedBy: winner, attempts: 1 });
    // Another slot of the same job is a separate claim.
    expect(await repos.jobRuns.claim('standup-open', '2025-10-07T16:00:00.000Z', 'replica-0', at)).toBe(true);
  });

  it('records success, failure and skips; a skipped slot cannot be claimed later', async () => {
    await repos.jobRuns.claim('digest', 's1', 'r', at);
    await repos.jobRuns.succeed('digest', 's1', new Date(at.getTime() + 1500), 'posted');
    expect(await repos.jobRuns.get('digest', 's1')).toMatchObject({
      state: 'succeeded',
      note: 'posted',
      finishedAt: new Date(at.getTime() + 1500),
    });

    await repos.jobRuns.claim('digest', 's2', 'r', at);
    await repos.jobRuns.fail('digest', 's2', at, 'x'.repeat(5000));
    const failed = await repos.jobRuns.get('digest', 's2');
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toHaveLength(4000);

    expect(await repos.jobRuns.recordSkipped('digest', 's3', 'r', at, 'missed while down; a digest 7 h late is not useful')).toBe(true);
    expect(await repos.jobRuns.claim('digest', 's3', 'r2', at)).toBe(false);
    expect(await repos.jobRuns.get('digest', 's3')).toMatchObject({
      state: 'skipped',
      note: 'missed while down; a digest 7 h late is not useful',
    });
  });

  it('counts a redelivered event once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => repos.processedEvents.firstDelivery('Ev0123', 'slack', at)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await repos.processedEvents.firstDelivery('Ev0124', 'slack', at)).toBe(true);
    // A day later both are forgotten; a newer one is kept.
    await repos.processedEvents.firstDelivery('Ev0125', 'slack', new Date(at.getTime() + 25 * 3600_000));
    expect(await repos.processedEvents.prune(new Date(at.getTime() + 24 * 3600_000))).toBe(2);
    expect(await repos.processedEvents.firstDelivery('Ev0125', 'slack', at)).toBe(false);
  });

  it('mirrors the roster and follows config changes without losing people', async () => {
    const roster = {
      people: [
        { key: 'ada', name: 'Ada', slackUserId: 'U1', timezone: null },
        { key: 'omar', name: 'Omar', slackUserId: 'U2', timezone: 'Europe/Berlin' },
      ],
      streams: [
        {
          key: 'governance',
          name: 'Governance Core',
          sprintLabel: 'Sprint 2',
          channelId: 'C1',
          leadKey: 'ada',
          members: [
            { key: 'ada', role: 'lead' as const },
            { key: 'omar', role: 'member' as const },
          ],
        },
      ],
    };
    await repos.roster.sync(roster);
    await repos.roster.sync(roster);
    expect(await repos.roster.load()).toEqual(roster);

    // Omar leaves the stream, Ada's Slack id moves to a new person: history stays, config wins.
    const next = {
      people: [
        { key: 'ada', name: 'Ada L.', slackUserId: 'U9', timezone: null },
        { key: 'omar', name: 'Omar', slackUserId: 'U2', timezone: 'Europe/Berlin' },
        { key: 'lena', name: 'Lena', slackUserId: 'U1', timezone: null },
      ],
      streams: [
        {
          ...roster.streams[0]!,
          members: [
            { key: 'ada', role: 'lead' as const },
            { key: 'lena', role: 'member' as const },
          ],
        },
      ],
    };
    await repos.roster.sync(next);
    const loaded = await repos.roster.load();
    expect(loaded.people.map((p) => [p.key, p.slackUserId])).toEqual([
      ['ada', 'U9'],
      ['lena', 'U1'],
      ['omar', 'U2'],
    ]);
    expect(loaded.streams[0]?.members).toEqual([
      { key: 'ada', role: 'lead' },
      { key: 'lena', role: 'member' },
    ]);

    // Omar leaves the config and Noor, named first, gets his Slack id: Omar stays (his history),
    // without it. A thousand people are synced the same way, in a few statements.
    await repos.roster.sync({
      people: [{ key: 'noor', name: 'Noor', slackUserId: 'U2', timezone: null }, ...next.people.slice(0, 1), next.people[2]!],
      streams: next.streams,
    });
    expect((await repos.roster.load()).people.map((p) => [p.key, p.slackUserId])).toEqual([
      ['ada', 'U9'],
      ['lena', 'U1'],
      ['noor', 'U2'],
      ['omar', null],
    ]);
    const many = Array.from({ length: 1000 }, (_, i) => ({ key: `p${i}`, name: `Person ${i}`, slackUserId: `UM${i}`, timezone: null }));
    await repos.roster.sync({
      people: many,
      streams: [{ ...next.streams[0]!, key: 'big', members: many.map((p) => ({ key: p.key, role: 'member' as const })) }],
    });
    expect((await repos.roster.load()).streams.find((s) => s.key === 'big')?.members).toHaveLength(1000);
  });

  it('files a batch of blockers in one go, each answer matched to its own request; a replayed request files nothing', async () => {
    const base = { streamKey: 'governance', needsStreamKey: null, crossStream: false, ownerSlackId: null, sourceAnswerId: null, at };
    const first = await repos.blockers.createMany([
      { ...base, text: 'batch one', reporterSlackId: 'U1', source: 'command', requestId: `${kind}-req-1` },
      { ...base, text: 'batch two', reporterSlackId: 'U2', source: 'command', requestId: `${kind}-req-2` },
      { ...base, text: 'from an answer', reporterSlackId: 'U3', source: 'standup', requestId: null },
    ]);
    expect(first.map((b) => [b.text, b.reporterSlackId, b.created])).toEqual([
      ['batch one', 'U1', true],
      ['batch two', 'U2', true],
      ['from an answer', 'U3', true],
    ]);
    const again = await repos.blockers.createMany([
      { ...base, text: 'batch one (replayed)', reporterSlackId: 'U1', source: 'command', requestId: `${kind}-req-1` },
      { ...base, text: 'batch three', reporterSlackId: 'U4', source: 'command', requestId: `${kind}-req-3` },
    ]);
    expect(again.map((b) => [b.text, b.created])).toEqual([
      ['batch one', false],
      ['batch three', true],
    ]);
    expect(again[0]?.number).toBe(first[0]?.number);
    for (const b of [...first, again[1]]) expect((await repos.blockers.events(b?.id as number)).map((e) => e.kind)).toEqual(['created']);
  });

  it('escalates a blocker level for exactly one of many concurrent sweepers', async () => {
    const b = await repos.blockers.create({
      streamKey: 'governance',
      needsStreamKey: null,
      text: 'SSO metadata missing',
      crossStream: true,
      reporterSlackId: 'U2',
      ownerSlackId: null,
      sourceAnswerId: null,
      source: 'command',
      at,
    });
    const due = new Date(at.getTime() + 4 * 3600_000);
    await repos.blockers.setNextEscalation(b.id, due, 0);
    const claims = await Promise.all(
      Array.from({ length: 6 }, () =>
        repos.blockers.claimEscalation({ id: b.id, fromLevel: 0, dueAt: due, level: 1, nextAt: null, at: due, late: false }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await repos.blockers.events(b.id)).map((e) => [e.kind, e.level])).toEqual([
      ['created', null],
      ['escalated', 1],
    ]);
    // The claim is conditional on what the claimant saw: one that still sees level 0 and the
    // old deadline cannot take the next level either (no unique event stands in its way).
    expect(await repos.blockers.claimEscalation({ id: b.id, fromLevel: 0, dueAt: due, level: 2, nextAt: null, at: due, late: false })).toBe(
      false,
    );
    // A state change is conditional too: resolving twice resolves once.
    const resolves = await Promise.all(
      [1, 2].map(() =>
        repos.blockers.transition({
          id: b.id,
          from: ['open', 'acked'],
          to: 'resolved',
          kind: 'resolved',
          actorSlackId: 'U1',
          at,
          nextEscalationAt: null,
        }),
      ),
    );
    expect(resolves.filter(Boolean)).toHaveLength(1);
    expect(await repos.blockers.byNumber(b.number)).toMatchObject({ state: 'resolved', escalationLevel: 1, nextEscalationAt: null });
    // Nothing escalates a resolved blocker, whatever its claimant believed.
    expect(await repos.blockers.claimEscalation({ id: b.id, fromLevel: 1, dueAt: due, level: 2, nextAt: null, at: due, late: false })).toBe(
      false,
    );
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paceline-migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const first = readMigrations(dir)[0]!;
      appendFileSync(path.join(dir, first.name, 'migration.sql'), '\n-- edited\n');
      await expect(migrate(db, () => at, readMigrations(dir))).rejects.toThrow(/were edited afterwards \(.*init\).*add a new one/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing migration and reports which one', async () => {
    const bad = [
      ...readMigrations(),
      { name: '29990101000000_broken', sql: 'CREATE TABLE "Ok" (id int);\nSELECT * FROM no_such_table;', checksum: 'x' },
    ];
    await expect(migrate(db, () => at, bad)).rejects.toThrow(/Migration 29990101000000_broken failed and was rolled back: .*no_such_table/);
    // The first statement of the failed migration was rolled back with it.
    const tables = await db.withMigrationLock((s) =>
      s.query<{ n: string }>(`SELECT count(*)::text AS n FROM information_schema.tables WHERE table_name = 'Ok'`),
    );
    expect(tables[0]?.n).toBe('0');
  });
});

describe('the embedded database', () => {
  it('serves one process: a second open of the same folder is refused with a clear reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paceline-lock-'));
    const first = await openEmbedded(dir);
    try {
      await openEmbedded(dir).then(
        () => expect.unreachable(),
        (err: unknown) => {
          expect(isPacelineError(err, 'DB_LOCKED')).toBe(true);
          expect((err as Error).message).toMatch(/in use by process \d+.*DATABASE_URL/);
        },
      );
    } finally {
      await first.close();
    }
    // Closing releases the folder; the data is still there.
    const again = await openEmbedded(dir);
    await again.ping();
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a first start killed while creating it (half-moved files, no PG_VERSION, a leftover .init folder) is created afresh', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paceline-init-'));
    // What a kill -9 during creation leaves: some files moved in, PG_VERSION (moved last) not.
    mkdirSync(path.join(dir, 'pglite', 'base', '1'), { recursive: true });
    writeFileSync(path.join(dir, 'pglite', 'base', '1', 'half-moved'), 'x');
    mkdirSync(path.join(dir, 'pglite.init', 'global'), { recursive: true });
    const db = await openEmbedded(dir);
    try {
      const report = await migrate(db, () => at);
      expect(report.applied).toEqual(readMigrations().map((m) => m.name));
      await db.ping();
      expect(existsSync(path.join(dir, 'pglite', 'base', '1', 'half-moved'))).toBe(false);
      expect(existsSync(path.join(dir, 'pglite.init'))).toBe(false);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('survives a restart that reuses the pid (a container restarts as pid 1 again)', () => {
    const lockOf = (dir: string) => path.join(dir, 'pglite', 'paceline.lock');
    async function folderWithLock(owner: string): Promise<string> {
      const dir = mkdtempSync(path.join(tmpdir(), 'paceline-pidlock-'));
      const created = await openEmbedded(dir);
      await created.close();
      writeFileSync(lockOf(dir), owner);
      return dir;
    }

    it.each([
      ['our own pid, written by the process this one replaces', () => JSON.stringify({ pid: process.pid, start: '1' })],
      ['our own pid in the bare format of earlier versions', () => String(process.pid)],
    ])('takes over a lock naming %s', async (_what, owner) => {
      const dir = await folderWithLock(owner());
      const db = await openEmbedded(dir);
      try {
        await db.ping();
        expect(JSON.parse(readFileSync(lockOf(dir), 'utf8'))).toEqual({ pid: process.pid, start: processStartTime(process.pid) });
      } finally {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a living owner, and takes over when its pid now belongs to a process started later', async () => {
      const other = spawn('sleep', ['30']);
      try {
        const pid = other.pid as number;
        const start = processStartTime(pid);
        expect(start).toMatch(/^\d+$/);
        const dir = await folderWithLock(JSON.stringify({ pid, start }));
        await openEmbedded(dir).then(
          () => expect.unreachable(),
          (err: unknown) => expect((err as Error).message).toContain(`in use by process ${pid} (a running Paceline?)`),
        );
        // Same pid, another start time: the owner died and the pid was given to someone else.
        writeFileSync(lockOf(dir), JSON.stringify({ pid, start: String(Number(start) - 1) }));
        const db = await openEmbedded(dir);
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      } finally {
        other.kill('SIGKILL');
      }
    });
  });
});
