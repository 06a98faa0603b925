// A Paceline process of its own, for tests that kill it (SIGKILL) between two steps. It runs the
// real app (startPaceline) with a settable clock and a manual scheduler; the parent moves the
// clock and ticks the runner over IPC. Nothing in it stands in for Paceline's own code.
//
// Plain JavaScript on the compiled app in dist/ (what `paceline start` runs; `npm test` builds it
// first, and appProcess.ts refuses a dist/ older than src/): a child started through tsx spent
// about a second compiling TypeScript before it could boot, on every restart of every crash test.
import { readFileSync } from 'node:fs';
import { SettableClock } from '../../dist/clock.js';
import { parseEnv } from '../../dist/config/env.js';
import { parseConfig } from '../../dist/config/load.js';
import { startPaceline } from '../../dist/main.js';
import { createLogger } from '../../dist/observability/logger.js';

const clock = new SettableClock(process.env.CHILD_NOW);
const { config, problems } = parseConfig(
  readFileSync(new URL('../../paceline.example.yml', import.meta.url), 'utf8'),
  'paceline.example.yml',
);
if (!config) throw new Error(problems.join('\n'));
const secrets = [process.env.CHILD_BOT_TOKEN, process.env.CHILD_SIGNING_SECRET];
const env = parseEnv({
  SLACK_BOT_TOKEN: process.env.CHILD_BOT_TOKEN,
  SLACK_SIGNING_SECRET: process.env.CHILD_SIGNING_SECRET,
  SLACK_API_URL: process.env.CHILD_SLACK_API_URL,
  DATABASE_URL: process.env.CHILD_DATABASE_URL,
  PACELINE_DATA_DIR: process.env.CHILD_DATA_DIR,
  PORT: '0',
  LOG_LEVEL: 'info',
});
const logger = createLogger({ level: 'info', secrets });
const app = await startPaceline({
  env,
  config,
  clock,
  logger,
  scheduler: 'manual',
  slackPacing: 'off',
  replicaId: process.env.CHILD_REPLICA ?? 'child',
});
process.send?.({ type: 'ready', port: app.port });

process.on('message', (msg) => {
  void (async () => {
    switch (msg.type) {
      case 'set-clock':
        clock.set(msg.at);
        process.send?.({ id: msg.id, ok: true });
        return;
      case 'tick': {
        const report = await app.runner.tick();
        process.send?.({ id: msg.id, ok: true, report });
        return;
      }
      case 'idle':
        await app.idle();
        process.send?.({ id: msg.id, ok: true });
        return;
    }
  })().catch((err) => process.send?.({ id: msg.id, ok: false, error: String(err) }));
});
