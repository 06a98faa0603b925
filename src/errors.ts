/**
 * Paceline's own failures, each with a stable code so the CLI, the HTTP layer and Slack
 * listeners can turn them into a specific message instead of a stack trace.
 */
export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'ENV_INVALID'
  | 'SLACK_CREDENTIALS_MISSING'
  | 'TRACKER_CREDENTIALS_MISSING'
  | 'TRACKER_NOT_CONFIGURED'
  | 'SLACK_AUTH_FAILED'
  | 'SLACK_UNREACHABLE'
  | 'PORT_IN_USE'
  | 'SLACK_DIRECTORY'
  | 'DB_LOCKED'
  | 'DB_UNREACHABLE'
  | 'DB_INIT_FAILED'
  | 'MIGRATION_FAILED';

export class PacelineError extends Error {
  readonly code: ErrorCode;
  /** One line per problem, each already saying where it is and what was expected. */
  readonly problems: readonly string[];

  constructor(code: ErrorCode, message: string, problems: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PacelineError';
    this.code = code;
    this.problems = problems;
  }
}

export function isPacelineError(err: unknown, code?: ErrorCode): err is PacelineError {
  return err instanceof PacelineError && (code === undefined || err.code === code);
}
