// A Paceline process of its own, for tests that kill it (SIGKILL) between two steps. It runs the
// real app (startPaceline) with a settable clock and a manual scheduler; the parent moves the
// clock and ticks the runner over IPC. Nothing in it stands in for Paceline's own code.
import { SettableClock } from '../../src/clock.js';
import { parseEnv } from '../../src/config/env.js';
import { startPaceline } from '../../src/main.js';
import { createLogger } from '../../src/observability/logger.js';
import { exampleConfig, BOT_TOKEN, SIGNING_SECRET } from './paceline.js';

type Request = { id: number; type: 'set-clock'; at: string } | { id: number; type: 'tick' } | { id: number; type: 'idle' };

const clock = new SettableClock(process.env.CHILD_NOW as string);
const config = exampleConfig();
const env = parseEnv({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: process.env.CHILD_SLACK_API_URL,
  DATABASE_URL: process.env.CHILD_DATABASE_URL,
  PACELINE_DATA_DIR: process.env.CHILD_DATA_DIR,
  PORT: '0',
  LOG_LEVEL: 'info',
});
const logger = createLogger({ level: 'info', secrets: [BOT_TOKEN, SIGNING_SECRET] });
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

process.on('message', (msg: Request) => {
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
  })().catch((err: unknown) => process.send?.({ id: msg.id, ok: false, error: String(err) }));
});
