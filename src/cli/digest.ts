import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SystemClock } from '../clock.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import { isoDate } from '../config/schema.js';
import { localDate, sprintPositionOfDate } from '../domain/calendar.js';
import { availableWith } from '../domain/plan.js';
import { configOption, reportOptionProblems, stringOption, type CliCommand } from './command.js';

const Options = z.object({ date: isoDate, out: z.string().min(1, 'expected a directory') });

/**
 * `paceline digest --preview`: the Monday digest of any date from the database, with no Slack —
 * the Block Kit JSON on stdout (the same message the app posts for that date, with the chart it
 * uploaded if it did) and the chart's PNG in --out.
 */
export const digestCommand: CliCommand = {
  name: 'digest',
  usage: [
    'digest --preview [--date DATE] [--out DIR]',
    "the executive digest of a date (default today) from the\ndatabase: Block Kit JSON on stdout, the chart's PNG in DIR\n(default .); nothing is posted",
  ],
  options: { ...configOption, preview: { type: 'boolean' }, date: { type: 'string' }, out: { type: 'string' } },
  positionals: { max: 0, tooMany: (given) => `digest takes no arguments, got "${given.join(' ')}"` },
  async run({ values, env, envSource, cwd, io }) {
    if (values.preview !== true) {
      io.err('paceline: digest posts from the running app only (Mondays at digest.time); `paceline digest --preview` shows it here');
      return 2;
    }
    const { config } = loadConfig(findConfigFile(stringOption(values, 'config'), env.PACELINE_CONFIG, cwd));
    const clock = new SystemClock();
    const options = Options.safeParse({
      date: stringOption(values, 'date') ?? localDate(clock.now(), config.timezone),
      out: stringOption(values, 'out') ?? '.',
    });
    if (!options.success)
      return reportOptionProblems(
        io,
        'digest',
        options.error.issues.map((i) =>
          i.path[0] === 'date' ? { ...i, message: `"${stringOption(values, 'date')}" ${i.message} (expected YYYY-MM-DD)` } : i,
        ),
      );
    const { date, out } = options.data;
    if (sprintPositionOfDate(config, date) === null) {
      io.err(`paceline: digest --date: ${date} is in no sprint (the first starts ${config.sprint.start})`);
      return 2;
    }
    // The database, the digest and its chart are loaded once the options are known to be good.
    const [{ pino }, { createRepositories, migrate, openDatabase }, { createLogger }, { DigestService }, { presenters }] =
      await Promise.all([
        import('pino'),
        import('../db/index.js'),
        import('../observability/logger.js'),
        import('../services/digest.js'),
        import('../slack/presenters/index.js'),
      ]);
    // Log lines go to stderr: stdout carries the message, for scripts.
    const logger = createLogger({ level: envSource.LOG_LEVEL ?? 'warn', destination: pino.destination(2) });
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PACELINE_DATA_DIR });
    try {
      await migrate(db, () => clock.now());
      const repos = createRepositories(db);
      // Slack ids as the running app stored them, so risks mention people as the posted digest does.
      const roster = await repos.roster.load();
      const directory = {
        channels: new Map<string, string>(),
        people: new Map(roster.people.flatMap((p) => (p.slackUserId === null ? [] : [[p.key, p.slackUserId] as const]))),
      };
      const digest = new DigestService({
        config,
        repos,
        clock,
        directory,
        present: presenters,
        logger,
        availability: async () => availableWith(config, await repos.ooo.all()),
      });
      const preview = await digest.preview(date);
      if (preview === null) return 2;
      mkdirSync(path.resolve(cwd, out), { recursive: true });
      const file = path.resolve(cwd, out, `digest-${date}.png`);
      writeFileSync(file, preview.png);
      io.out(JSON.stringify(preview.message, null, 2));
      io.err(`paceline: the chart is in ${file}`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
