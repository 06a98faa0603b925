import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';

export type Logger = PinoLogger;

const TOKEN_PATTERN = /\bxox[abposre]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+/g;

/**
 * JSON logs with secrets removed twice: structured fields by path, and then every finished line
 * is scrubbed of tokens and of the configured secrets wherever they appear (an error message
 * that quotes the bot token, Bolt's debug logs of request data, a stack trace). Scrubbing the
 * serialized line rather than the arguments is what catches strings nested inside objects.
 */
export function createLogger(opts: { level: string; secrets?: (string | undefined)[]; destination?: DestinationStream }): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => s !== undefined && s.length >= 6);
  // A secret appears in a JSON line as JSON escapes it.
  const forms = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  const scrub = (line: string): string => {
    let out = line.replace(TOKEN_PATTERN, '[redacted]');
    for (const secret of forms) out = out.split(secret).join('[redacted]');
    return out;
  };
  // Synchronous to stdout: the last line before a crash must reach the log, not a buffer.
  const target: DestinationStream = opts.destination ?? pino.destination({ dest: 1, sync: true });
  const scrubbed: DestinationStream = { write: (line: string) => target.write(scrub(line)) };
  return pino(
    {
      level: opts.level,
      base: { app: 'paceline' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'token',
          'botToken',
          'appToken',
          'signingSecret',
          '*.token',
          '*.botToken',
          '*.signingSecret',
          'headers.authorization',
          'headers["x-slack-signature"]',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    scrubbed,
  );
}

function format(parts: unknown[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? (p.stack ?? p.message) : JSON.stringify(p))).join(' ');
}

/** Bolt's logger interface, written to the same pino logger so all output is one JSON stream. */
export function boltLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'bolt' });
  let level: LogLevel = (['debug', 'info', 'warn', 'error'] as string[]).includes(logger.level)
    ? (logger.level as LogLevel)
    : LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.debug(format(msg)),
    info: (...msg: unknown[]) => child.info(format(msg)),
    warn: (...msg: unknown[]) => child.warn(format(msg)),
    error: (...msg: unknown[]) => child.error(format(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}
