import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { parseEnv } from '../../src/config/env.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { startPaceline, type RunningPaceline } from '../../src/main.js';
import { createLogger } from '../../src/observability/logger.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-0000-paceline';

export function exampleConfig(): Config {
  const text = readFileSync(new URL('../../paceline.example.yml', import.meta.url), 'utf8');
  const { config, problems } = parseConfig(text, 'paceline.example.yml');
  if (!config) throw new Error(problems.join('\n'));
  return config;
}

/** Log lines the app wrote, parsed, so tests can assert on what operators would see. */
export class CapturedLogs extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

/** The real app on port 0, its Web API pointed at the emulator, its clock settable. */
export async function startTestApp(o: {
  config: Config;
  apiUrl: string;
  /** A SettableClock in tests; benchmarks may pass one that runs at the wall clock's pace. */
  clock: Clock;
  /** Which database: always stated, so a suite meant for PostgreSQL cannot fall back to PGlite unnoticed. */
  database: { url: string | undefined; dataDir: string };
  replicaId?: string;
  /** The log level (default debug, which tests read; benchmarks use info, as production does). */
  logLevel?: 'debug' | 'info';
  /** 'real': Web API calls paced to Slack's limits (benchmarks); tests run unpaced. */
  slackPacing?: 'real' | 'off';
  /** More environment, e.g. METRICS_TOKEN. */
  env?: Record<string, string>;
  /** The real node-cron ticks at this expression (the send-accuracy benchmark); default: none, the caller ticks. */
  tickExpression?: string;
}): Promise<{ app: RunningPaceline; baseUrl: string; logs: CapturedLogs }> {
  const env = parseEnv({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: o.apiUrl,
    DATABASE_URL: o.database.url,
    PACELINE_DATA_DIR: o.database.dataDir,
    PORT: '0',
    LOG_LEVEL: o.logLevel ?? 'debug',
    ...o.env,
  });
  const logs = new CapturedLogs();
  const logger = createLogger({ level: o.logLevel ?? 'debug', secrets: [BOT_TOKEN, SIGNING_SECRET], destination: logs });
  // Tests tick the job runner themselves after moving the clock; nothing runs on wall time.
  const app = await startPaceline({
    env,
    config: o.config,
    clock: o.clock,
    logger,
    ...(o.tickExpression === undefined
      ? { scheduler: 'manual' as const }
      : { scheduler: 'cron' as const, tickExpression: o.tickExpression }),
    // The emulator enforces no rate limits; Paceline's pacing has its own tests.
    slackPacing: o.slackPacing ?? 'off',
    ...(o.replicaId === undefined ? {} : { replicaId: o.replicaId }),
  });
  return { app, baseUrl: `http://127.0.0.1:${app.port}`, logs };
}
