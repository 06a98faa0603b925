import { z } from 'zod';
import { PacelineError } from '../errors.js';

// Empty variables count as unset: `FOO= paceline start` must not turn into an empty token.
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

export const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'expected a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'expected an app-level token starting with xapp- (Socket Mode)',
  }),
  SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/.+/.test(v), {
    message: 'expected an http(s) URL of a Slack-compatible Web API, e.g. http://127.0.0.1:4003/api/',
  }),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'expected postgres://user@host:port/database (unset it to use the embedded database)',
  }),
  PACELINE_DATA_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./data')),
  PACELINE_CONFIG: optionalString,
  PORT: z.preprocess(
    (v) => (v === '' || v === undefined ? '3000' : v),
    z.coerce.number({ message: 'expected a port number' }).int('expected a whole port number').min(0).max(65535),
  ),
  // Prometheus metrics: without a token only this machine may read them; with METRICS_PORT they
  // leave the Slack port for one of their own (bound to METRICS_HOST).
  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, { message: 'expected a token of at least 16 characters' }),
  METRICS_PORT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number({ message: 'expected a port number' }).int('expected a whole port number').min(0).max(65535).optional(),
  ),
  METRICS_HOST: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('127.0.0.1')),
  // How long SIGTERM may take: work in flight gets this long, then what is left is logged and abandoned.
  SHUTDOWN_TIMEOUT_MS: z.preprocess(
    (v) => (v === '' || v === undefined ? '10000' : v),
    z.coerce
      .number({ message: 'expected milliseconds, e.g. 10000' })
      .int('expected whole milliseconds')
      .min(100, 'expected at least 100 ms')
      .max(600_000, 'expected at most 600000 ms (10 minutes)'),
  ),
  // Linear (tracker.linear in paceline.yml): the webhook's signing secret, an API key for
  // reconciliation, and the GraphQL endpoint (a local emulator in tests).
  LINEAR_WEBHOOK_SECRET: optionalString,
  LINEAR_API_KEY: optionalString,
  LINEAR_API_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.url({ message: 'expected a URL' }).default('https://api.linear.app/graphql'),
  ),
  // GitHub (tracker.github in paceline.yml): the webhook's secret.
  GITHUB_WEBHOOK_SECRET: optionalString,
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' || v === undefined ? 'info' : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'expected one of fatal, error, warn, info, debug, trace, silent',
    }),
  ),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment once; nothing else in Paceline reads process.env. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new PacelineError('ENV_INVALID', 'The environment is not valid', problems);
}

/** A Slack app can only start with both of these; the message names them and the README. */
export function requireSlackCredentials(env: Env): { botToken: string; signingSecret: string } {
  const missing = (['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const).filter((k) => env[k] === undefined);
  if (missing.length > 0) {
    throw new PacelineError(
      'SLACK_CREDENTIALS_MISSING',
      `Slack credentials missing: set ${missing.join(' and ')}. ` +
        'Create the Slack app from manifest.yml first (README, "Creating the Slack app"), then copy the ' +
        'Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN and the Signing Secret into SLACK_SIGNING_SECRET.',
    );
  }
  return { botToken: env.SLACK_BOT_TOKEN as string, signingSecret: env.SLACK_SIGNING_SECRET as string };
}

/** With tracker.github configured, the webhook's secret is needed too. */
export function requireGithubSecret(env: Env): string {
  if (env.GITHUB_WEBHOOK_SECRET === undefined)
    throw new PacelineError(
      'TRACKER_CREDENTIALS_MISSING',
      'tracker.github is configured but GITHUB_WEBHOOK_SECRET is not set. In each repository (Settings → Webhooks), add a webhook to https://<your host>/webhooks/github with content type application/json, events "Pull requests", "Pull request reviews" and "Workflow runs", and a secret; put the same secret into GITHUB_WEBHOOK_SECRET (README, "Work from GitHub").',
    );
  return env.GITHUB_WEBHOOK_SECRET;
}

/** With tracker.linear configured, the webhook secret and the API key are needed too. */
export function requireLinearCredentials(env: Env): { webhookSecret: string; apiKey: string; apiUrl: string } {
  const missing = (['LINEAR_WEBHOOK_SECRET', 'LINEAR_API_KEY'] as const).filter((k) => env[k] === undefined);
  if (missing.length > 0) {
    throw new PacelineError(
      'TRACKER_CREDENTIALS_MISSING',
      `tracker.linear is configured but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
        'Create a webhook in Linear (Settings → API → Webhooks) pointing at https://<your host>/webhooks/linear and copy its signing secret into LINEAR_WEBHOOK_SECRET; create a personal API key for LINEAR_API_KEY (README, "Work from Linear").',
    );
  }
  return { webhookSecret: env.LINEAR_WEBHOOK_SECRET as string, apiKey: env.LINEAR_API_KEY as string, apiUrl: env.LINEAR_API_URL };
}
