import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../src/clock.js';
import { tigerCrews } from '../src/domain/plan.js';
import { slotsBetween } from '../src/domain/schedule.js';
import type { RunningPaceline } from '../src/main.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';
import { exampleConfig, SIGNING_SECRET, startTestApp } from './support/paceline.js';
import { channelIds, history, slackApi, startSlackWorkspace, userIds, type SlackWorkspace } from './support/slackEmulator.js';
import { sql } from './support/sql.js';

const config = exampleConfig();
// Between slots only the every-tick sweeps run; a tick every three hours keeps them in the
// simulation (half-hourly ones took most of this suite's time and found nothing more).
const QUIET_GAP = 3 * 3600_000;

/**
 * Moves the clock to every instant a slot is due and every three hours in between, ticking all
 * replicas together at each: what the minute ticks do, without the minutes where nothing is due.
 */
async function simulate(clock: SettableClock, apps: RunningPaceline[], until: string): Promise<void> {
  const end = new Date(until).getTime();
  while (clock.now().getTime() < end) {
    const now = clock.now().getTime();
    const next = slotsBetween(config, new Date(now), new Date(Math.min(now + QUIET_GAP, end)))[0];
    clock.set(new Date(next?.at.getTime() ?? Math.min(now + QUIET_GAP, end)));
    await Promise.all(apps.map((a) => a.runner.tick()));
  }
}

/** The runner now runs the stand-up jobs too; these tests follow the Tiger Crew announcement. */
function tiger(labels: string[]): string[] {
  return labels.filter((l) => l.startsWith('tiger-crew@'));
}

function mentionsOf(text: string): string[] {
  return [...text.matchAll(/<@(\w+)>/g)].map((m) => m[1] as string);
}

describe('two replicas on one PostgreSQL database, through a simulated sprint', () => {
  const clock = new SettableClock('2025-10-04T07:00:00Z'); // 00:00 PDT on day 1
  let slack: SlackWorkspace;
  let testDb: TestDatabase;
  let a: RunningPaceline;
  let b: RunningPaceline;
  let tigerChannel: string;
  let users: Map<string, string>;

  beforeAll(async () => {
    slack = await startSlackWorkspace(config, SIGNING_SECRET);
    testDb = await createTestDatabase('postgres', 'runner');
    const common = { config, apiUrl: slack.apiUrl, clock, database: testDb };
    a = (await startTestApp({ ...common, replicaId: 'replica-a' })).app;
    b = (await startTestApp({ ...common, replicaId: 'replica-b' })).app;
    tigerChannel = (await channelIds(slack.apiUrl)).get('tiger-crew') as string;
    users = await userIds(slack.apiUrl);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await slack?.close();
    await testDb?.drop();
  });

  /** Both replicas down, the clock at `at`, both up again as fresh processes. */
  async function restartBoth(at: string, idA: string, idB: string) {
    await a.stop();
    await b.stop();
    clock.set(at);
    const common = { config, apiUrl: slack.apiUrl, clock, database: testDb };
    a = (await startTestApp({ ...common, replicaId: idA })).app;
    b = (await startTestApp({ ...common, replicaId: idB })).app;
  }

  it('announces each working day’s Tiger Crew exactly once, naming the people `paceline plan` names', async () => {
    await simulate(clock, [a, b], '2025-10-18T07:00:00Z');
    const runs = await a.deps.repos.jobRuns.list('tiger-crew');
    expect(runs.map((r) => [r.slot, r.state, r.attempts])).toEqual(
      ['06', '07', '08', '09', '10', '13', '14', '15', '16', '17'].map((d) => [`2025-10-${d}T15:55:00.000Z`, 'succeeded', 1]),
    );
    // Both replicas tried every slot; the database let exactly one of them have it (one row per
    // slot, one attempt each, claimed by one of the two).
    for (const r of runs) expect(['replica-a', 'replica-b']).toContain(r.claimedBy);

    const posts = await history(slack.apiUrl, tigerChannel);
    expect(posts).toHaveLength(10);
    const planned = tigerCrews(config, '2025-10-17');
    const handle = (key: string) => (config.people.find((p) => p.key === key)?.slack ?? '').slice(1);
    const expected = [...planned.entries()].map(([date, crew]) => [date, crew.map((k) => users.get(handle(k)))]);
    expect(posts.map((p) => [/\d{4}-\d{2}-\d{2}/.exec(p.text)?.[0], mentionsOf(p.text)])).toEqual(expected);
    expect(posts[0]?.text).toMatch(/^:tiger: Tiger Crew for Mon 2025-10-06: <@\w+> and <@\w+>\. You swarm today's blockers\.$/);
    // Ten working days of ticks on two replicas: slower than most tests on a busy machine.
  }, 120_000);

  it('a replica restarting in the middle of a slot does not repeat it', async () => {
    // Replica A claimed Monday's 08:55 slot, posted, and died before recording success.
    clock.set('2025-10-20T15:50:00Z');
    await Promise.all([a.runner.tick(), b.runner.tick()]);
    clock.set('2025-10-20T15:55:00Z');
    await a.runner.tick();
    const slot = '2025-10-20T15:55:00.000Z';
    await sql(testDb.url as string, `UPDATE "JobRun" SET state = 'running', "finishedAt" = NULL WHERE job = 'tiger-crew' AND slot = $1`, [
      slot,
    ]);
    const before = (await history(slack.apiUrl, tigerChannel)).length;

    // The restarted replica (a fresh process: it looks back over the last 6 h) leaves the slot alone.
    await b.stop();
    b = (await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb, replicaId: 'replica-b2' })).app;
    clock.set('2025-10-20T16:00:00Z');
    const report = await b.runner.tick();
    expect(tiger(report.ran)).toEqual([]);
    expect(tiger(report.lost)).toEqual([`tiger-crew@${slot}`]);
    expect(await history(slack.apiUrl, tigerChannel)).toHaveLength(before);

    // Half an hour on, the run counts as abandoned and is retried: it updates the post in place.
    clock.set('2025-10-20T16:30:00Z');
    const retry = await b.runner.tick();
    expect(tiger(retry.ran)).toEqual([`tiger-crew@${slot}`]);
    expect(await history(slack.apiUrl, tigerChannel)).toHaveLength(before);
    expect(await b.deps.repos.jobRuns.get('tiger-crew', slot)).toMatchObject({ state: 'succeeded', attempts: 2, claimedBy: 'replica-b2' });
  });

  it('after downtime, runs missed slots that are still useful (late, once) and skips the others with a reason', async () => {
    // Down from Tuesday 00:00 PDT to Tuesday 12:00 PDT: the 08:55 announcement is 3 h 5 min late.
    await restartBoth('2025-10-21T19:00:00Z', 'replica-a2', 'replica-b3');
    const [ra, rb] = await Promise.all([a.runner.tick(), b.runner.tick()]);
    expect(tiger([...ra.ran, ...rb.ran])).toEqual(['tiger-crew@2025-10-21T15:55:00.000Z']);
    expect(await a.deps.repos.jobRuns.get('tiger-crew', '2025-10-21T15:55:00.000Z')).toMatchObject({
      state: 'succeeded',
      note: expect.stringMatching(/^ran 3 h 5 min late; crew /),
    });

    // Down again from Wednesday 00:00 to 14:00 PDT: 5 h 5 min late is past its use (4 h).
    await restartBoth('2025-10-22T21:00:00Z', 'replica-a3', 'replica-b4');
    const reports = await Promise.all([a.runner.tick(), b.runner.tick()]);
    expect(tiger(reports.flatMap((r) => r.ran))).toEqual([]);
    expect(tiger(reports.flatMap((r) => r.skipped))).toEqual(['tiger-crew@2025-10-22T15:55:00.000Z']);
    expect(await a.deps.repos.jobRuns.get('tiger-crew', '2025-10-22T15:55:00.000Z')).toMatchObject({
      state: 'skipped',
      note: 'missed while Paceline was not running; tiger-crew is not useful 5 h 5 min late',
    });
  });

  it('a failing job is retried with backoff, counted in /metrics, and succeeds once Slack accepts it', async () => {
    await slackApi(slack.apiUrl, 'conversations.archive', { channel: tigerChannel });
    const slot = '2025-10-23T15:55:00.000Z';
    clock.set('2025-10-23T15:55:00Z');
    const first = await Promise.all([a.runner.tick(), b.runner.tick()]);
    expect(tiger(first.flatMap((r) => r.failed))).toEqual([`tiger-crew@${slot}`]);
    const failed = await a.deps.repos.jobRuns.get('tiger-crew', slot);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringContaining('is_archived') });
    expect(failed?.nextAttemptAt?.toISOString()).toBe('2025-10-23T15:56:00.000Z');

    // Not before the backoff has passed.
    clock.set('2025-10-23T15:55:30Z');
    expect(tiger((await Promise.all([a.runner.tick(), b.runner.tick()])).flatMap((r) => r.failed))).toEqual([]);

    await slackApi(slack.apiUrl, 'conversations.unarchive', { channel: tigerChannel });
    clock.set('2025-10-23T15:56:00Z');
    const retried = await Promise.all([a.runner.tick(), b.runner.tick()]);
    expect(tiger(retried.flatMap((r) => r.ran))).toEqual([`tiger-crew@${slot}`]);
    expect(await a.deps.repos.jobRuns.get('tiger-crew', slot)).toMatchObject({ state: 'succeeded', attempts: 2 });

    const metrics = [await a.deps.metrics.registry.metrics(), await b.deps.metrics.registry.metrics()].join('\n');
    expect(metrics).toMatch(/paceline_job_runs_total\{job="tiger-crew",outcome="failed"\} 1/);
  });
});

// The restart story on both databases; two replicas at once need PostgreSQL (above).
describe.each(DATABASE_KINDS)('one replica on the %s database, restarted mid-sprint', (kind) => {
  it('runs each slot once across the restart', async () => {
    const slack = await startSlackWorkspace(config, SIGNING_SECRET);
    const testDb = await createTestDatabase(kind, 'runner');
    const clock = new SettableClock('2025-10-06T07:00:00Z');
    const start = async (replicaId: string) =>
      (await startTestApp({ config, apiUrl: slack.apiUrl, clock, database: testDb, replicaId })).app;
    let app = await start('embedded-1');
    try {
      await simulate(clock, [app], '2025-10-07T15:55:00Z'); // through Tuesday's 08:55 slot
      await app.stop();
      app = await start('embedded-2'); // same folder, same minute
      await app.runner.tick();
      await simulate(clock, [app], '2025-10-09T07:00:00Z');
      const runs = await app.deps.repos.jobRuns.list('tiger-crew');
      expect(runs.map((r) => [r.slot, r.state, r.claimedBy])).toEqual([
        ['2025-10-06T15:55:00.000Z', 'succeeded', 'embedded-1'],
        ['2025-10-07T15:55:00.000Z', 'succeeded', 'embedded-1'],
        ['2025-10-08T15:55:00.000Z', 'succeeded', 'embedded-2'],
      ]);
      const tiger = (await channelIds(slack.apiUrl)).get('tiger-crew') as string;
      expect(await history(slack.apiUrl, tiger)).toHaveLength(3);
    } finally {
      await app.stop();
      await slack.close();
      await testDb.drop();
    }
  });
});
