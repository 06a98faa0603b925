import { inspect, parseArgs } from 'node:util';
import { parseEnv } from '../config/env.js';
import { isPacelineError } from '../errors.js';
import { checkConfigCommand } from './checkConfig.js';
import type { CliCommand, Io } from './command.js';
import { exportCommand } from './exportStandups.js';
import { syncCommand } from './sync.js';
import { digestCommand } from './digest.js';
import { migrateCommand } from './migrate.js';
import { planCommand } from './plan.js';
import { startCommand } from './start.js';

/** Every `paceline` command, in the order the usage text lists them. A new one is a module and a line here. */
const COMMANDS: readonly CliCommand[] = [
  startCommand,
  migrateCommand,
  checkConfigCommand,
  planCommand,
  exportCommand,
  syncCommand,
  digestCommand,
];

const COLUMN = 32;

function usageText(): string {
  const lines: string[] = [];
  for (const c of COMMANDS) {
    const [synopsis = c.name, ...what] = c.usage;
    const description = what.join('\n').split('\n');
    const head = `  ${synopsis}`;
    if (head.length < COLUMN - 1) lines.push(head.padEnd(COLUMN) + (description.shift() ?? ''));
    else lines.push(head);
    for (const d of description) lines.push(' '.repeat(COLUMN) + d);
  }
  lines.push('  help'.padEnd(COLUMN) + 'this text');
  return `Usage: paceline <command> [options]

Commands:
${lines.join('\n')}

Options:
  --config FILE                 the config file (else PACELINE_CONFIG, else ./paceline.yml)

Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN (Socket Mode),
SLACK_API_URL, DATABASE_URL (unset: embedded database in PACELINE_DATA_DIR, default ./data),
PORT (default 3000), LOG_LEVEL (default info). See README.md.`;
}

function report(io: Io, err: unknown, debug = false): number {
  if (isPacelineError(err)) {
    io.err(`paceline: ${err.message}`);
    for (const p of err.problems) io.err(`  - ${p}`);
    return 1;
  }
  // One line naming the cause; the stack only when asked for (LOG_LEVEL=debug or trace).
  // Some libraries throw plain objects (PGlite's file-system errors): show their fields, not "[object Object]".
  const cause =
    err instanceof Error
      ? err.message
      : typeof err === 'object' && err !== null
        ? inspect(err, { depth: 1, breakLength: Infinity })
        : String(err);
  io.err(`paceline: unexpected error: ${cause}`);
  if (debug && err instanceof Error && err.stack) io.err(err.stack);
  return 1;
}

/** Why parseArgs refused the arguments, said in the command's terms. */
function explainParseError(command: CliCommand, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== null) {
    const takes = Object.keys(command.options).map((o) => `--${o}`);
    return `${command.name} does not take ${unknown[1]} (it takes ${takes.length === 0 ? 'no options' : takes.join(', ')})`;
  }
  const missing = /^Option '(-[^ ']+)[^']*' argument missing/.exec(message);
  if (missing !== null) return `${command.name} ${missing[1]}: missing (expected a value after it)`;
  return `${command.name}: ${message.replace(/\. To specify .*$/, '')}`;
}

export async function run(argv: string[], envSource: Record<string, string | undefined>, cwd: string, io: Io): Promise<number> {
  const [name, ...args] = argv;
  const usage = usageText();
  if (name === undefined) {
    io.out(usage);
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h' || args.includes('--help') || args.includes('-h')) {
    io.out(usage);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.err(
      name.startsWith('-')
        ? `paceline: the command comes first, e.g. \`paceline start --config paceline.yml\` (got "${name}")\n\n${usage}`
        : `paceline: unknown command "${name}"\n\n${usage}`,
    );
    return 2;
  }
  // Each command parses its own options: one it does not take is an error, not silently ignored.
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`paceline: ${explainParseError(command, err)}`);
    return 2;
  }
  if (parsed.positionals.length > command.positionals.max) {
    io.err(`paceline: ${command.positionals.tooMany(parsed.positionals)}`);
    return 2;
  }
  try {
    const env = parseEnv(envSource);
    return await command.run({ values: parsed.values, positionals: parsed.positionals, env, envSource, cwd, io });
  } catch (err) {
    return report(io, err, ['debug', 'trace'].includes(envSource.LOG_LEVEL ?? ''));
  }
}
