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
  async skip(job: string, slot: string, replica: string, at: Date, reason: string): Promise<boolean> {
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

  async fail(job: string, slot: string, at: Date, error: string): Promise<void> {
    await this.prisma.jobRun.update({
      where: { job_slot: { job, slot } },
      data: { state: 'failed', finishedAt: at, error: error.slice(0, 4000) },
    });
  }

  async get(job: string, slot: string): Promise<JobRunRecord | null> {
    const row = await this.prisma.jobRun.findUnique({ where: { job_slot: { job, slot } } });
    return row === null ? null : { ...row, state: row.state as JobRunState };
  }
}
