import type { Logger } from './observability/logger.js';

/** What the process supervisor's signals act on: the running app. */
export interface Stoppable {
  stop(): Promise<void>;
  /** Slack requests acknowledged but not yet fully processed. */
  pending(): number;
}

/**
 * Serves until SIGTERM/SIGINT, then stops within `timeoutMs`: work in flight gets that long, and
 * what is still pending after it is logged and abandoned (the durable intents make the next
 * start finish it). A rejected promise nobody handled is logged as one JSON line and the app
 * keeps serving; an uncaught exception is logged and the process exits 1 so that the
 * supervisor restarts it — never a silent death.
 */
export function serveUntilSignal(running: Stoppable, logger: Logger, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (reason: string, code: number) => {
      if (stopping) return;
      stopping = true;
      logger.info({ reason, timeoutMs }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error({ reason, timeoutMs, abandoned: running.pending() }, 'shutdown deadline passed; abandoning the work still in flight');
        process.exit(code === 0 ? 1 : code);
      }, timeoutMs);
      running.stop().then(
        () => {
          clearTimeout(deadline);
          resolve(code);
        },
        (err: unknown) => {
          clearTimeout(deadline);
          logger.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM', 0));
    process.once('SIGINT', () => shutdown('SIGINT', 0));
    // Node prints its warnings (the pg driver's DeprecationWarning among them) as plain text on
    // stderr; they become JSON log lines like everything else.
    process.removeAllListeners('warning');
    process.on('warning', (warning: Error & { code?: string }) => {
      logger.warn({ warning: { name: warning.name, code: warning.code, message: warning.message } }, 'node warning');
    });
    process.on('unhandledRejection', (reason: unknown) => {
      logger.error({ err: reason }, 'unhandled promise rejection; Paceline keeps serving');
    });
    process.on('uncaughtException', (err: Error) => {
      logger.fatal({ err }, 'uncaught exception; exiting so that the supervisor restarts Paceline');
      shutdown('uncaughtException', 1);
    });
  });
}
