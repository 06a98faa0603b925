import { createEmulator, type Emulator } from 'emulate';
import type { Config } from '../../src/config/schema.js';

export interface SlackWorkspace {
  emulator: Emulator;
  /** Web API base for SLACK_API_URL, e.g. http://localhost:1234/api/ */
  apiUrl: string;
  close(): Promise<void>;
}

/** The Slack workspace a config describes: its people as users and its #channels as channels. */
export function seedFor(config: Config, signingSecret: string) {
  const users = config.people.map((p) => {
    const handle = p.slack.startsWith('@') ? p.slack.slice(1) : p.key;
    const email = p.slack.includes('@') && !p.slack.startsWith('@') ? p.slack : `${handle}@paceline.test`;
    return { name: handle, real_name: p.name, email };
  });
  const channelNames = new Set(
    [...Object.values(config.channels), ...config.streams.map((s) => s.channel)].filter((c) => c.startsWith('#')).map((c) => c.slice(1)),
  );
  return {
    slack: {
      team: { name: 'Paceline Test', domain: 'paceline-test' },
      users,
      channels: [...channelNames].map((name) => ({ name })),
      bots: [{ name: 'paceline' }],
      signing_secret: signingSecret,
    },
  };
}

export async function startSlackWorkspace(config: Config, signingSecret: string): Promise<SlackWorkspace> {
  const emulator = await createEmulator({ service: 'slack', port: 0, seed: seedFor(config, signingSecret) });
  return { emulator, apiUrl: `${emulator.url}/api/`, close: () => emulator.close() };
}

/** Calls the emulator's Web API the way Slack's own client would. */
export async function slackApi<T = Record<string, unknown>>(
  apiUrl: string,
  method: string,
  body: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(`${apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-test-reader', 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}
