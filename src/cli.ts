import { parseArgs } from 'node:util';
import { SystemClock } from './clock.js';
import { parseEnv, type Env } from './config/env.js';
import { findConfigFile, loadConfig, summarize } from './config/load.js';
import { createRepositories, migrate, openDatabase } from './db/index.js';
import { exportRows, toCsv } from './services/export.js';
import { isPacelineError } from './errors.js';
import { createLogger } from './observability/logger.js';
import { authenticate, startPaceline } from './main.js';
import { serveUntilSignal } from './lifecycle.js';
import { webApi } from '@slack/bolt';
import { resolveDirectory } from './slack/directory.js';
import { formatPlanText, planPosts } from './domain/plan.js';
import { z } from 'zod';
import { isoDate, type Config } from './config/schema.js';
import { addDays, localDate, sprintPositionOfDate } from './domain/calendar.js';

const ExportOptions = z.object({
  from: isoDate,
  to: isoDate,
  stream: z.string().optional(),
  format: z.enum(['csv', 'json'], { message: 'expected csv or json' }),
});

const PlanOptions = z.object({
  from: isoDate,
  days: z.coerce
    .number({ message: 'expected a number of days' })
    .int('expected a whole number of days')
    .min(1, 'expected at least 1 day')
    .max(366, 'expected at most 366 days'),
  format: z.enum(['text', 'json'], { message: 'expected text or json' }),
});

/** The options each command takes. */
const COMMAND_OPTIONS: Record<string, string[]> = {
  start: ['config'],
  migrate: [],
  'check-config': ['config', 'online'],
  plan: ['config', 'from', 'days', 'format'],
  export: ['config', 'from', 'to', 'stream', 'format'],
};

const USAGE = `Usage: paceline <command> [options]

Commands:
  start                         run the Slack app (migrates the database first)
  migrate                       apply database migrations and exit
  check-config [FILE] [--online]
                                validate a config file; --online also resolves #channels
                                and @people through Slack's Web API (needs SLACK_BOT_TOKEN)
  plan [--from DATE] [--days N] [--format text|json]
                                every post Paceline will make, from the config alone
                                (default: the sprint that contains today)
                                (default: the configured sprint)
  export standups [--from DATE] [--to DATE] [--stream KEY] [--format csv|json]
                                (default: the current sprint)
                                the stand-up history, one row per answer
  help                          this text

Options:
  --config FILE                 the config file (else PACELINE_CONFIG, else ./paceline.yml)

Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN (Socket Mode),
SLACK_API_URL, DATABASE_URL (unset: embedded database in PACELINE_DATA_DIR, default ./data),
PORT (default 3000), LOG_LEVEL (default info). See README.md.`;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function report(io: Io, err: unknown, debug = false): number {
  if (isPacelineError(err)) {
    io.err(`paceline: ${err.message}`);
    for (const p of err.problems) io.err(`  - ${p}`);
    return 1;
  }
  // One line naming the cause; the stack only when asked for (LOG_LEVEL=debug or trace).
  io.err(`paceline: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  if (debug && err instanceof Error && err.stack) io.err(err.stack);
  return 1;
}

async function checkConfig(env: Env, file: string, online: boolean, io: Io): Promise<number> {
  const { config } = loadConfig(file);
  if (online) {
    if (env.SLACK_BOT_TOKEN === undefined) {
      io.err('paceline: check-config --online needs SLACK_BOT_TOKEN to ask Slack for the channels and people');
      return 1;
    }
    // Bounded: a Slack that does not answer is reported within about half a minute, not retried
    // for the Web API client's default half hour.
    const client = new webApi.WebClient(env.SLACK_BOT_TOKEN, {
      ...(env.SLACK_API_URL === undefined ? {} : { slackApiUrl: env.SLACK_API_URL }),
      retryConfig: { retries: 1, factor: 1, minTimeout: 1000, maxTimeout: 1000 },
      timeout: 10_000,
      logLevel: webApi.LogLevel.ERROR,
    });
    // One question first: is Slack there, and does it take the token? Otherwise every name
    // below would be reported as "not found".
    await authenticate(client, createLogger({ level: 'silent' }), [2000]);
    const { directory, problems } = await resolveDirectory(client, config);
    if (problems.length > 0) {
      io.err(`paceline: ${file}: ${problems.length} name${problems.length === 1 ? '' : 's'} could not be resolved in Slack`);
      for (const p of problems) io.err(`  - ${p}`);
      return 1;
    }
    io.out(`${summarize(config)}; resolved ${directory.channels.size} channels and ${directory.people.size} people in Slack`);
    return 0;
  }
  io.out(summarize(config));
  return 0;
}

/** The sprint that contains today in the sprint timezone; the first sprint before it starts. */
function currentSprint(config: Config): { startDate: string; endDate: string } {
  const today = localDate(new SystemClock().now(), config.timezone);
  const pos = sprintPositionOfDate(config, today);
  return pos ?? { startDate: config.sprint.start, endDate: addDays(config.sprint.start, config.sprint.lengthDays - 1) };
}

export async function run(argv: string[], envSource: Record<string, string | undefined>, cwd: string, io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        online: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
        from: { type: 'string' },
        days: { type: 'string' },
        format: { type: 'string' },
        to: { type: 'string' },
        stream: { type: 'string' },
      },
    });
  } catch (err) {
    io.err(`paceline: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (command === undefined || command === 'help' || parsed.values.help) {
    io.out(USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  // Each command takes its own options; one it does not take is an error, not silently ignored.
  const accepted = COMMAND_OPTIONS[command];
  if (accepted !== undefined) {
    const given = (Object.keys(parsed.values) as (keyof typeof parsed.values)[]).filter(
      (k) => k !== 'help' && parsed.values[k] !== undefined && !(k === 'online' && parsed.values.online === false),
    );
    const wrong = given.filter((k) => !accepted.includes(k));
    if (wrong.length > 0) {
      io.err(
        `paceline: ${command} does not take ${wrong.map((w) => `--${w}`).join(', ')} (it takes ${accepted.length === 0 ? 'no options' : accepted.map((a) => `--${a}`).join(', ')})`,
      );
      return 2;
    }
    if (rest.length > 0 && command !== 'check-config' && command !== 'export') {
      io.err(`paceline: ${command} takes no arguments, got "${rest.join(' ')}"`);
      return 2;
    }
  }
  try {
    const env = parseEnv(envSource);
    switch (command) {
      case 'check-config': {
        if (rest.length > 1) {
          io.err(`paceline: check-config takes one file, got ${rest.length}`);
          return 2;
        }
        const file = findConfigFile(rest[0] ?? parsed.values.config, env.PACELINE_CONFIG, cwd);
        return await checkConfig(env, file, parsed.values.online ?? false, io);
      }
      case 'plan': {
        const file = findConfigFile(parsed.values.config, env.PACELINE_CONFIG, cwd);
        const { config } = loadConfig(file);
        const options = PlanOptions.safeParse({
          // The sprint that contains today (or the first one, before it starts).
          from: parsed.values.from ?? currentSprint(config).startDate,
          days: parsed.values.days ?? String(config.sprint.lengthDays),
          format: parsed.values.format ?? 'text',
        });
        if (!options.success) {
          for (const i of options.error.issues) io.err(`paceline: plan --${i.path.join('.')}: ${i.message}`);
          return 2;
        }
        const { from, days, format } = options.data;
        const posts = planPosts(config, from, days);
        io.out(format === 'json' ? JSON.stringify(posts, null, 2) : formatPlanText(config, from, days, posts));
        return 0;
      }
      case 'export': {
        if (rest[0] !== 'standups' || rest.length > 1) {
          io.err('paceline: export takes one thing to export: `paceline export standups --from DATE --to DATE`');
          return 2;
        }
        // The config is needed only to default the range to the current sprint or to check a stream.
        const needsConfig = parsed.values.from === undefined || parsed.values.to === undefined || parsed.values.stream !== undefined;
        const config = needsConfig ? loadConfig(findConfigFile(parsed.values.config, env.PACELINE_CONFIG, cwd)).config : undefined;
        const sprint = config === undefined ? undefined : currentSprint(config);
        const options = ExportOptions.safeParse({
          from: parsed.values.from ?? sprint?.startDate,
          to: parsed.values.to ?? sprint?.endDate,
          stream: parsed.values.stream,
          format: parsed.values.format ?? 'csv',
        });
        if (!options.success) {
          for (const i of options.error.issues) io.err(`paceline: export --${i.path.join('.')}: ${i.message}`);
          return 2;
        }
        if (config !== undefined && options.data.stream !== undefined && !config.streams.some((s) => s.key === options.data.stream)) {
          io.err(
            `paceline: export --stream: no stream "${options.data.stream}" (expected one of ${config.streams.map((s) => s.key).join(', ')})`,
          );
          return 2;
        }
        const { from, to, stream, format } = options.data;
        if (to < from) {
          io.err(`paceline: export --to ${to} is before --from ${from}`);
          return 2;
        }
        const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PACELINE_DATA_DIR });
        try {
          const clock = new SystemClock();
          await migrate(db, () => clock.now());
          const rows = exportRows(await createRepositories(db).standups.answersBetween(from, to, stream));
          io.out(format === 'json' ? JSON.stringify(rows, null, 2) : toCsv(rows).trimEnd());
          return 0;
        } finally {
          await db.close();
        }
      }
      case 'migrate': {
        const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PACELINE_DATA_DIR });
        try {
          const clock = new SystemClock();
          const result = await migrate(db, () => clock.now());
          io.out(
            result.applied.length === 0
              ? `${db.kind} database at ${db.location} is up to date (${result.alreadyApplied} migrations)`
              : `applied ${result.applied.join(', ')} to the ${db.kind} database at ${db.location}`,
          );
          return 0;
        } finally {
          await db.close();
        }
      }
      case 'start': {
        const file = findConfigFile(parsed.values.config, env.PACELINE_CONFIG, cwd);
        const { config } = loadConfig(file);
        const logger = createLogger({
          level: env.LOG_LEVEL,
          secrets: [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN, env.METRICS_TOKEN],
        });
        const running = await startPaceline({ env, config, clock: new SystemClock(), logger });
        return await serveUntilSignal(running, logger, env.SHUTDOWN_TIMEOUT_MS);
      }
      default:
        io.err(`paceline: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    return report(io, err, ['debug', 'trace'].includes(envSource.LOG_LEVEL ?? ''));
  }
}
