import type { PrismaClient } from './generated/client.js';

export type JobRunState = 'running' | 'succeeded' | 'failed' | 'skipped';

export interface JobRunRecord {
  job: string;
  slot: string;
  state: JobRunState;
  attempts: number;
  error: string | null;
  note: string | null;
  claimedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  nextAttemptAt: Date | null;
}

/** The exactly-once ledger of scheduled work: one row per (job, slot), claimed by insert. */
export class JobRunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Claims a slot for `replica`. True for exactly one caller across all replicas: the insert
   * of the loser hits the unique key and does nothing.
   */
  async claim(job: string, slot: string, replica: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.jobRun.createMany({
      data: [{ job, slot, state: 'running', claimedBy: replica, startedAt: at }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /** Records a slot as skipped (e.g. missed while down and no longer useful); false if already taken. */
  async recordSkipped(job: string, slot: string, replica: string, at: Date, reason: string): Promise<boolean> {
    const { count } = await this.prisma.jobRun.createMany({
      data: [{ job, slot, state: 'skipped', claimedBy: replica, startedAt: at, finishedAt: at, note: reason }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async succeed(job: string, slot: string, at: Date, note?: string): Promise<void> {
    await this.prisma.jobRun.update({
      where: { job_slot: { job, slot } },
      data: { state: 'succeeded', finishedAt: at, error: null, ...(note === undefined ? {} : { note }) },
    });
  }

  /** Records a failure; with `retryAt` the run will be claimed again then (see claimRetry). */
  async fail(job: string, slot: string, at: Date, error: string, retryAt: Date | null = null): Promise<void> {
    await this.prisma.jobRun.update({
      where: { job_slot: { job, slot } },
      data: { state: 'failed', finishedAt: at, error: error.slice(0, 4000), nextAttemptAt: retryAt },
    });
  }

  /** Failed runs whose retry time has come, oldest first. */
  async dueRetries(now: Date): Promise<JobRunRecord[]> {
    const rows = await this.prisma.jobRun.findMany({
      where: { state: 'failed', nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: 'asc' },
      take: 100,
    });
    return rows.map((r) => ({ ...r, state: r.state as JobRunState }));
  }

  /**
   * Claims a failed run for its next attempt. The update only matches while the run is still
   * failed at the attempt count the caller saw, so exactly one replica wins each retry.
   */
  async claimRetry(job: string, slot: string, seenAttempts: number, replica: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.jobRun.updateMany({
      where: { job, slot, state: 'failed', attempts: seenAttempts, nextAttemptAt: { not: null } },
      data: { state: 'running', attempts: seenAttempts + 1, claimedBy: replica, startedAt: at, finishedAt: null, nextAttemptAt: null },
    });
    return count === 1;
  }

  /**
   * Runs still "running" long after they started belong to a replica that died mid-run. They
   * become failed with a retry at `retryAt`; jobs post idempotently, so a retry updates in place.
   */
  async abandonStale(startedBefore: Date, at: Date, retryAt: Date): Promise<number> {
    const { count } = await this.prisma.jobRun.updateMany({
      where: { state: 'running', startedAt: { lt: startedBefore } },
      data: {
        state: 'failed',
        finishedAt: at,
        error: 'abandoned: the replica running it stopped before it finished',
        nextAttemptAt: retryAt,
      },
    });
    return count;
  }

  async list(job?: string): Promise<JobRunRecord[]> {
    const rows = await this.prisma.jobRun.findMany({
      where: job === undefined ? {} : { job },
      orderBy: [{ slot: 'asc' }, { job: 'asc' }],
    });
    return rows.map((r) => ({ ...r, state: r.state as JobRunState }));
  }

  async get(job: string, slot: string): Promise<JobRunRecord | null> {
    const row = await this.prisma.jobRun.findUnique({ where: { job_slot: { job, slot } } });
    return row === null ? null : { ...row, state: row.state as JobRunState };
  }
}
