// `npm run trial`: Paceline on the embedded database against a local Slack workspace (the
// emulate package's Slack Web API, seeded with the config's people and channels), so a newcomer
// can see the app answer before creating a real Slack app. It sends one signed /sprint to the
// app and prints the reply, then keeps running until Ctrl-C.
import { existsSync } from 'node:fs';
import { SystemClock } from '../src/clock.js';
import { parseEnv } from '../src/config/env.js';
import { loadConfig } from '../src/config/load.js';
import { startPaceline } from '../src/main.js';
import { createLogger } from '../src/observability/logger.js';
import { postSlashCommand } from '../test/support/signedHttp.js';
import { slackApi, startSlackWorkspace } from '../test/support/slackEmulator.js';

const SIGNING_SECRET = 'local-trial-signing-secret';
const BOT_TOKEN = 'xoxb-local-trial';

const file = process.env.PACELINE_CONFIG ?? (existsSync('paceline.yml') ? 'paceline.yml' : 'paceline.example.yml');
const { config } = loadConfig(file);
const slack = await startSlackWorkspace(config, SIGNING_SECRET);
const env = parseEnv({
  ...process.env,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_APP_TOKEN: undefined,
  SLACK_API_URL: slack.apiUrl,
  PACELINE_DATA_DIR: process.env.PACELINE_DATA_DIR ?? './data/trial',
});
const logger = createLogger({ level: env.LOG_LEVEL, secrets: [BOT_TOKEN, SIGNING_SECRET] });
const app = await startPaceline({ env, config, clock: new SystemClock(), logger });
const base = `http://127.0.0.1:${app.port}`;

const users = await slackApi<{ members: { id: string; name: string }[] }>(slack.apiUrl, 'users.list');
const lead = config.people.find((p) => p.key === config.streams[0]?.lead);
const user = users.members.find((u) => `@${u.name}` === lead?.slack)?.id ?? 'U000000001';
const reply = await postSlashCommand(base, { command: '/sprint', user_id: user }, { secret: SIGNING_SECRET });

console.log(`
Paceline trial (${file}, embedded database in ${env.PACELINE_DATA_DIR})
  app:             ${base}  (/healthz, /readyz, /metrics)
  Slack inspector: ${slack.emulator.url}/  (messages, views, events the app produced)
  signed /sprint → HTTP ${reply.status}: ${((await reply.json()) as { text?: string }).text ?? ''}
Ctrl-C stops both.`);

const stop = () => {
  void app
    .stop()
    .then(() => slack.close())
    .then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
