import { SystemClock } from '../clock.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import { PacelineError } from '../errors.js';
import { configOption, stringOption, type CliCommand } from './command.js';

const WHAT = 'paceline: sync takes one tracker to read: `paceline sync linear`';

/**
 * `paceline sync linear`: the hourly reconciliation, now (after an outage, or to check the
 * setup). It records work items and their events, marked `reconcile`; it does not talk to Slack,
 * so the blockers of cross-stream items follow at the running app's next reconciliation.
 */
export const syncCommand: CliCommand = {
  name: 'sync',
  usage: ['sync linear', "reads the mapped Linear teams' issues now and records\nwhat changed (what the hourly reconciliation does)"],
  options: { ...configOption },
  positionals: { max: 1, tooMany: () => WHAT.slice('paceline: '.length) },
  async run({ values, positionals, env, envSource, cwd, io }) {
    if (positionals[0] !== 'linear') {
      io.err(WHAT);
      return 2;
    }
    const { config } = loadConfig(findConfigFile(stringOption(values, 'config'), env.PACELINE_CONFIG, cwd));
    if (config.tracker.linear === undefined)
      throw new PacelineError(
        'TRACKER_NOT_CONFIGURED',
        'paceline.yml has no tracker.linear: map Linear team keys to streams first (README, "Work from Linear").',
      );
    if (env.LINEAR_API_KEY === undefined)
      throw new PacelineError(
        'TRACKER_CREDENTIALS_MISSING',
        'LINEAR_API_KEY is not set: create a personal API key in Linear (Settings → API) and put it there.',
      );
    // The database and the tracker are loaded once the arguments are known to be good.
    const [{ pino }, { createRepositories, migrate, openDatabase }, { createLogger }, { WorkItemService }, { LinearTracker }] =
      await Promise.all([
        import('pino'),
        import('../db/index.js'),
        import('../observability/logger.js'),
        import('../services/workItems.js'),
        import('../tracker/linear.js'),
      ]);
    // Log lines go to stderr: stdout carries the result, for scripts.
    const logger = createLogger({ level: envSource.LOG_LEVEL ?? 'warn', secrets: [env.LINEAR_API_KEY], destination: pino.destination(2) });
    const clock = new SystemClock();
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PACELINE_DATA_DIR });
    try {
      await migrate(db, () => clock.now());
      const repos = createRepositories(db);
      const work = new WorkItemService({
        config,
        clock,
        // The CLI knows nobody's Slack id; reconciliation does not need them.
        directory: { channels: new Map(), people: new Map() },
        logger,
        repos,
        tracker: new LinearTracker({ apiKey: env.LINEAR_API_KEY, apiUrl: env.LINEAR_API_URL }, logger),
      });
      const r = await work.reconcile();
      io.out(`Read ${r.issues} issue${r.issues === 1 ? '' : 's'} from Linear; recorded ${r.changes} change${r.changes === 1 ? '' : 's'}.`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
