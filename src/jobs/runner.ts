import type { Clock } from '../clock.js';
import type { JobRunRepository } from '../db/jobRuns.js';
import { localDate } from '../domain/calendar.js';
import { slotKey, slotsBetween, slotsOnDate, STILL_USEFUL_MS, type JobName, type ScheduleConfig, type Slot } from '../domain/schedule.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

export interface JobContext {
  slot: Slot;
  /** When this attempt started. */
  now: Date;
  /** How late the run is against its slot (0 when on time). */
  lateByMs: number;
  attempt: number;
}

/** A job returns a short note for the JobRun record, or nothing. */
export type JobHandler = (ctx: JobContext) => Promise<string | void>;
export type JobHandlers = Partial<Record<JobName, JobHandler>>;

export interface RunnerOptions {
  config: ScheduleConfig;
  clock: Clock;
  jobRuns: JobRunRepository;
  handlers: JobHandlers;
  logger: Logger;
  metrics: Metrics;
  /** Identifies this process in JobRun.claimedBy. */
  replicaId: string;
  /** How far back the first tick after boot looks for missed slots. */
  lookbackMs?: number;
  /** Attempts in all (the first run included) and the wait before each retry. */
  maxAttempts?: number;
  retryBackoffMs?: readonly number[];
  /** A run still "running" after this long belongs to a replica that died. */
  abandonAfterMs?: number;
  /**
   * Work done on every tick rather than in slots (the escalation sweep). Each is responsible
   * for its own exactly-once (claims per item); a failure is logged and retried next tick.
   */
  everyTick?: { name: string; run: () => Promise<unknown> }[];
}

export interface TickReport {
  ran: string[];
  skipped: string[];
  lost: string[];
  failed: string[];
}

function formatDelay(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Runs each due (job, slot) once across all replicas. Every tick asks the schedule which slots
 * fell due since the previous tick (at boot: since `lookbackMs` ago), claims each in the JobRun
 * table (the loser of the insert does nothing), runs it and records the outcome. Missed slots
 * that are no longer useful are recorded as skipped with the reason; failures are retried with
 * backoff. Time comes only from the clock, so tests drive it by moving a SettableClock.
 */
export class JobRunner {
  private lastTick: Date | undefined;
  // The slots of a date depend only on the config, which is fixed for the process.
  private readonly slotCache = new Map<string, Slot[]>();
  private inFlight: Promise<TickReport> | undefined;
  private readonly lookbackMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: readonly number[];
  private readonly abandonAfterMs: number;

  constructor(private readonly o: RunnerOptions) {
    this.lookbackMs = o.lookbackMs ?? 6 * 3600_000;
    this.maxAttempts = o.maxAttempts ?? 4;
    this.backoff = o.retryBackoffMs ?? [60_000, 5 * 60_000, 15 * 60_000];
    this.abandonAfterMs = o.abandonAfterMs ?? 30 * 60_000;
  }

  /** One pass; concurrent calls share the pass in progress (a slow tick never overlaps itself). */
  tick(): Promise<TickReport> {
    this.inFlight ??= this.pass().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Resolves when no pass is in progress (for shutdown: finish, but start nothing new). */
  async idle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  private async pass(): Promise<TickReport> {
    const now = this.o.clock.now();
    const from = this.lastTick ?? new Date(now.getTime() - this.lookbackMs);
    const report: TickReport = { ran: [], skipped: [], lost: [], failed: [] };
    await this.o.jobRuns.abandonStale(new Date(now.getTime() - this.abandonAfterMs), now, now);
    for (const slot of slotsBetween(this.o.config, from, now, (d) => this.slotsOn(d))) {
      const handler = this.o.handlers[slot.job];
      if (handler === undefined) continue;
      const key = slotKey(slot.at);
      const label = `${slot.job}@${key}`;
      const lateBy = now.getTime() - slot.at.getTime();
      if (lateBy > STILL_USEFUL_MS[slot.job]) {
        const reason = `missed while Paceline was not running; ${slot.job} is not useful ${formatDelay(lateBy)} late`;
        if (await this.o.jobRuns.recordSkipped(slot.job, key, this.o.replicaId, now, reason)) {
          report.skipped.push(label);
          this.o.metrics.jobRuns.inc({ job: slot.job, outcome: 'skipped' });
          this.o.logger.warn({ job: slot.job, slot: key }, reason);
        }
        continue;
      }
      if (!(await this.o.jobRuns.claim(slot.job, key, this.o.replicaId, now))) {
        report.lost.push(label);
        this.o.metrics.jobRuns.inc({ job: slot.job, outcome: 'lost-claim' });
        continue;
      }
      await this.execute(slot, handler, 1, report);
    }
    await this.retryDue(report);
    for (const sweep of this.o.everyTick ?? []) {
      const end = this.o.metrics.jobLatency.startTimer({ job: sweep.name });
      try {
        await sweep.run();
        this.o.metrics.jobRuns.inc({ job: sweep.name, outcome: 'succeeded' });
      } catch (err) {
        this.o.metrics.jobRuns.inc({ job: sweep.name, outcome: 'failed' });
        this.o.logger.error({ err, job: sweep.name }, 'sweep failed; the next tick tries again');
      } finally {
        end();
      }
    }
    this.lastTick = now;
    return report;
  }

  private slotsOn(date: string): Slot[] {
    let slots = this.slotCache.get(date);
    if (slots === undefined) {
      if (this.slotCache.size > 64) this.slotCache.clear();
      slots = slotsOnDate(this.o.config, date);
      this.slotCache.set(date, slots);
    }
    return slots;
  }

  private async execute(slot: Slot, handler: JobHandler, attempt: number, report: TickReport): Promise<void> {
    const key = slotKey(slot.at);
    const started = this.o.clock.now();
    const lateByMs = Math.max(0, started.getTime() - slot.at.getTime());
    const end = this.o.metrics.jobLatency.startTimer({ job: slot.job });
    try {
      const note = await handler({ slot, now: started, lateByMs, attempt });
      // Runs within a minute of their slot are on time; later ones say so in the record.
      const late = lateByMs >= 60_000 ? `ran ${formatDelay(lateByMs)} late` : undefined;
      const text = [late, note ?? undefined].filter(Boolean).join('; ');
      await this.o.jobRuns.succeed(slot.job, key, this.o.clock.now(), text === '' ? undefined : text);
      report.ran.push(`${slot.job}@${key}`);
      this.o.metrics.jobRuns.inc({ job: slot.job, outcome: 'succeeded' });
      this.o.logger.info({ job: slot.job, slot: key, attempt, lateByMs }, 'job ran');
    } catch (err) {
      const retryIn = attempt < this.maxAttempts ? (this.backoff[Math.min(attempt - 1, this.backoff.length - 1)] ?? 60_000) : undefined;
      const failedAt = this.o.clock.now();
      await this.o.jobRuns.fail(
        slot.job,
        key,
        failedAt,
        (err as Error).message ?? String(err),
        retryIn === undefined ? null : new Date(failedAt.getTime() + retryIn),
      );
      report.failed.push(`${slot.job}@${key}`);
      this.o.metrics.jobRuns.inc({ job: slot.job, outcome: 'failed' });
      this.o.logger.error(
        { err, job: slot.job, slot: key, attempt, retryInMs: retryIn ?? null },
        retryIn === undefined ? 'job failed; no attempts left' : 'job failed; will retry',
      );
    } finally {
      end();
    }
  }

  private async retryDue(report: TickReport): Promise<void> {
    const now = this.o.clock.now();
    for (const run of await this.o.jobRuns.dueRetries(now)) {
      const job = run.job as JobName;
      const handler = this.o.handlers[job];
      const at = new Date(run.slot);
      const slot = this.slotsOn(localDate(at, this.o.config.timezone)).find((s) => s.job === job && s.at.getTime() === at.getTime());
      if (handler === undefined || slot === undefined) continue;
      if (now.getTime() - at.getTime() > STILL_USEFUL_MS[job]) {
        await this.o.jobRuns.fail(job, run.slot, now, `${run.error ?? 'failed'}; not retried: no longer useful`, null);
        continue;
      }
      if (await this.o.jobRuns.claimRetry(job, run.slot, run.attempts, this.o.replicaId, now)) {
        await this.execute(slot, handler, run.attempts + 1, report);
      }
    }
  }
}
