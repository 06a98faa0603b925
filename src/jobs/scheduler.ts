import cron from 'node-cron';
import type { Clock } from '../clock.js';
import { wakeDelay } from '../domain/jobs.js';
import type { Logger } from '../observability/logger.js';
import type { JobRunner } from './runner.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Something due at an instant of its own rather than on a minute (an escalation deadline is its
 * blocker's filing time plus hours): after every tick the scheduler asks when it is next due and,
 * if that is within the minute, wakes for it then instead of at the next tick.
 */
export interface Wakeup {
  name: string;
  next(): Promise<Date | null>;
  run(): Promise<unknown>;
}

const MINUTE = 60_000;

/**
 * node-cron only provides the minute tick; which jobs are due is the schedule's decision
 * (src/domain/schedule.ts), so DST, catch-up and exactly-once work the same in tests, where a
 * settable clock and explicit ticks replace this.
 */
export function startMinuteTicks(
  runner: JobRunner,
  o: { timezone: string; logger: Logger; clock: Clock; wakeups?: readonly Wakeup[]; expression?: string },
): Scheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  // Plans each wakeup's timer from its next due instant (a timer replaces the one before it).
  const plan = async () => {
    for (const w of o.wakeups ?? []) {
      try {
        const delay = wakeDelay(o.clock.now(), await w.next(), MINUTE);
        clearTimeout(timers.get(w.name));
        timers.delete(w.name);
        if (delay === null || stopped) continue;
        const timer = setTimeout(() => {
          timers.delete(w.name);
          void w
            .run()
            .catch((err: unknown) => o.logger.error({ err, wakeup: w.name }, 'a timed wake-up failed; the minute tick retries'))
            .then(plan);
        }, delay);
        timer.unref();
        timers.set(w.name, timer);
      } catch (err) {
        o.logger.warn({ err, wakeup: w.name }, 'could not plan a timed wake-up; the minute tick covers it');
      }
    }
  };
  const tick = () =>
    runner
      .tick()
      .then(plan)
      .catch((err: unknown) => {
        o.logger.error({ err }, 'scheduler tick failed');
      });
  const task = cron.schedule(o.expression ?? '* * * * *', tick, { name: 'paceline-minute-tick', timezone: o.timezone, noOverlap: true });
  // The first tick runs at once: it catches up on slots missed while the app was down.
  void tick();
  return {
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      await task.stop();
      await task.destroy();
      await runner.idle();
    },
  };
}
