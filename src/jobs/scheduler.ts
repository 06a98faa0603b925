import cron from 'node-cron';
import type { Logger } from '../observability/logger.js';
import type { JobRunner } from './runner.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * node-cron only provides the minute tick; which jobs are due is the schedule's decision
 * (src/domain/schedule.ts), so DST, catch-up and exactly-once work the same in tests, where a
 * settable clock and explicit ticks replace this.
 */
export function startMinuteTicks(runner: JobRunner, timezone: string, logger: Logger): Scheduler {
  const tick = () =>
    runner.tick().catch((err: unknown) => {
      logger.error({ err }, 'scheduler tick failed');
    });
  const task = cron.schedule('* * * * *', tick, { name: 'paceline-minute-tick', timezone, noOverlap: true });
  // The first tick runs at once: it catches up on slots missed while the app was down.
  void tick();
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await runner.idle();
    },
  };
}
