import { SystemClock } from '../clock.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import { NODE_OPTIONS } from '../runtime.js';
import { configOption, stringOption, type CliCommand } from './command.js';

export const startCommand: CliCommand = {
  name: 'start',
  usage: ['start', 'run the Slack app (migrates the database first)'],
  options: configOption,
  positionals: { max: 0, tooMany: (given) => `start takes no arguments, got "${given.join(' ')}"` },
  async run({ values, env, cwd }) {
    const { config } = loadConfig(findConfigFile(stringOption(values, 'config'), env.PACELINE_CONFIG, cwd));
    // The app is loaded once the config is known to be good: a config mistake is reported at once.
    const [{ createLogger }, { startPaceline }, { serveUntilSignal }] = await Promise.all([
      import('../observability/logger.js'),
      import('../main.js'),
      import('../lifecycle.js'),
    ]);
    const logger = createLogger({
      level: env.LOG_LEVEL,
      secrets: [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN, env.METRICS_TOKEN],
    });
    // Run as `node bin/paceline.js start`, the app works but holds more memory; say how to fix it.
    const missing = NODE_OPTIONS.filter((o) => !process.execArgv.includes(o));
    if (missing.length > 0)
      logger.warn(
        { missing },
        `started without the node option ${missing.join(' ')}: expect about 50 MB more memory; start with \`npm start\`, the \`paceline\` command, or \`node ${missing.join(' ')} bin/paceline.js start\``,
      );
    const running = await startPaceline({ env, config, clock: new SystemClock(), logger });
    return serveUntilSignal(running, logger, env.SHUTDOWN_TIMEOUT_MS);
  },
};
