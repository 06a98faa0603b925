import { findConfigFile, loadConfig, summarize } from '../config/load.js';
import { linearSetupProblems } from '../domain/workItems.js';
import { configOption, stringOption, type CliCommand } from './command.js';

export const checkConfigCommand: CliCommand = {
  name: 'check-config',
  usage: [
    'check-config [FILE] [--online]',
    "validate a config file; --online also resolves #channels\nand @people through Slack's Web API (needs SLACK_BOT_TOKEN)\nand checks tracker.linear's teams and label (LINEAR_API_KEY)",
  ],
  options: { ...configOption, online: { type: 'boolean' } },
  positionals: { max: 1, tooMany: (given) => `check-config takes one file, got ${given.length}` },
  async run({ values, positionals, env, cwd, io }) {
    const file = findConfigFile(positionals[0] ?? stringOption(values, 'config'), env.PACELINE_CONFIG, cwd);
    const { config } = loadConfig(file);
    if (values.online !== true) {
      io.out(summarize(config));
      return 0;
    }
    if (env.SLACK_BOT_TOKEN === undefined) {
      io.err('paceline: check-config --online needs SLACK_BOT_TOKEN to ask Slack for the channels and people');
      return 1;
    }
    // Loaded only now: the offline check (the common case, and every refused option) needs none
    // of Slack's client, the app or the tracker, and starts in a fraction of the time.
    const [{ webApi }, { createLogger }, { authenticate }, { resolveDirectory }, { LinearTracker }] = await Promise.all([
      import('@slack/bolt'),
      import('../observability/logger.js'),
      import('../main.js'),
      import('../slack/directory.js'),
      import('../tracker/linear.js'),
    ]);
    // Bounded: a Slack that does not answer is reported within about half a minute, not retried
    // for the Web API client's default half hour.
    const client = new webApi.WebClient(env.SLACK_BOT_TOKEN, {
      ...(env.SLACK_API_URL === undefined ? {} : { slackApiUrl: env.SLACK_API_URL }),
      retryConfig: { retries: 1, factor: 1, minTimeout: 1000, maxTimeout: 1000 },
      timeout: 10_000,
      logLevel: webApi.LogLevel.ERROR,
    });
    // One question first: is Slack there, and does it take the token? Otherwise every name
    // below would be reported as "not found".
    await authenticate(client, createLogger({ level: 'silent' }), [2000]);
    const { directory, problems } = await resolveDirectory(client, config);
    if (problems.length > 0) {
      io.err(`paceline: ${file}: ${problems.length} name${problems.length === 1 ? '' : 's'} could not be resolved in Slack`);
      for (const p of problems) io.err(`  - ${p}`);
      return 1;
    }
    const slack = `resolved ${directory.channels.size} channels and ${directory.people.size} people in Slack`;
    const linear = config.tracker.linear;
    if (linear === undefined) {
      io.out(`${summarize(config)}; ${slack}`);
      return 0;
    }
    if (env.LINEAR_API_KEY === undefined) {
      io.err('paceline: check-config --online needs LINEAR_API_KEY to check the Linear teams and labels of tracker.linear');
      return 1;
    }
    const logger = createLogger({ level: 'silent' });
    const workspace = await new LinearTracker({ apiKey: env.LINEAR_API_KEY, apiUrl: env.LINEAR_API_URL }, logger).teamsAndLabels();
    const linearProblems = linearSetupProblems(linear, workspace);
    if (linearProblems.length > 0) {
      io.err(`paceline: ${file}: ${linearProblems.length} problem${linearProblems.length === 1 ? '' : 's'} with Linear`);
      for (const p of linearProblems) io.err(`  - ${p}`);
      return 1;
    }
    io.out(
      `${summarize(config)}; ${slack}; found the ${Object.keys(linear.teams).length} Linear teams and their "${linear.crossStreamLabel}" label`,
    );
    return 0;
  },
};
