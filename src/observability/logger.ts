import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';

export type Logger = PinoLogger;

const TOKEN_PATTERN = /\bxox[abposre]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+/g;

/**
 * JSON logs with secrets removed twice: structured fields by path, and tokens or the signing
 * secret wherever they appear inside a message string (Bolt's debug logs include request data).
 */
export function createLogger(opts: { level: string; secrets?: (string | undefined)[]; destination?: DestinationStream }): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => s !== undefined && s.length >= 6);
  const scrub = (s: string): string => {
    let out = s.replace(TOKEN_PATTERN, '[redacted]');
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
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
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a: unknown) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    opts.destination,
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
