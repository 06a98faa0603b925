import { createEmulator, type Emulator } from 'emulate';
import type { Config } from '../../src/config/schema.js';

export interface SlackWorkspace {
  emulator: Emulator;
  /** Web API base for SLACK_API_URL, e.g. http://localhost:1234/api/ */
  apiUrl: string;
  close(): Promise<void>;
}

export const GUEST = 'guest';

export function userToken(handle: string): string {
  return `xoxp-${handle}`;
}

/** The Slack workspace a config describes: its people as users and its #channels as channels. */
export function seedFor(config: Config, signingSecret: string) {
  const users = config.people.map((p) => {
    const handle = p.slack.startsWith('@') ? p.slack.slice(1) : p.key;
    const email = p.slack.includes('@') && !p.slack.startsWith('@') ? p.slack : `${handle}@paceline.test`;
    return { name: handle, real_name: p.name, email };
  });
  // Someone in the workspace but not in the config (the emulator's own admin user is the bot's
  // token user, whose events Bolt rightly ignores as the app's own).
  users.push({ name: GUEST, real_name: 'Guest', email: 'guest@paceline.test' });
  const channelNames = new Set(
    [...Object.values(config.channels), ...config.streams.map((s) => s.channel)].filter((c) => c.startsWith('#')).map((c) => c.slice(1)),
  );
  return {
    slack: {
      team: { name: 'Paceline Test', domain: 'paceline-test' },
      users,
      channels: [...channelNames].map((name) => ({ name })),
      bots: [{ name: 'paceline' }],
      // Each person can write as themselves (thread replies, edits) with xoxp-<handle>.
      tokens: users.map((u) => ({ token: userToken(u.name), user: u.name, scopes: ['chat:write', 'channels:history', 'reactions:read'] })),
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
  token = 'xoxb-test-reader',
): Promise<T> {
  const res = await fetch(`${apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

export interface SlackMessage {
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
}

/** Channel ids by name, as the workspace has them. */
export async function channelIds(apiUrl: string): Promise<Map<string, string>> {
  const res = await slackApi<{ channels: { id: string; name: string }[] }>(apiUrl, 'conversations.list', { limit: 1000 });
  return new Map(res.channels.map((c) => [c.name, c.id]));
}

/** User ids by handle (every page: a thousand-person workspace has more than one). */
export async function userIds(apiUrl: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const res = await slackApi<{ members: { id: string; name: string }[]; response_metadata?: { next_cursor?: string } }>(
      apiUrl,
      'users.list',
      { limit: 1000, ...(cursor ? { cursor } : {}) },
    );
    for (const u of res.members) out.set(u.name, u.id);
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor !== undefined);
  return out;
}

/** Every top-level message of a channel, oldest first. */
export async function history(apiUrl: string, channel: string): Promise<SlackMessage[]> {
  const res = await slackApi<{ ok: boolean; messages: SlackMessage[]; error?: string }>(apiUrl, 'conversations.history', {
    channel,
    limit: 1000,
  });
  if (!res.ok) throw new Error(`conversations.history ${channel}: ${res.error}`);
  return [...res.messages].sort((a, b) => Number(a.ts) - Number(b.ts));
}

/**
 * The ephemeral messages a channel received (newest first, the latest 20), as the emulator's
 * inspector lists them: they are outside channel history by Slack's design.
 */
export async function ephemerals(emulatorUrl: string, channel: string): Promise<{ user: string; text: string }[]> {
  const html = await (await fetch(`${emulatorUrl}/?tab=messages&channel=${encodeURIComponent(channel)}`)).text();
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  const rows = [
    ...html.matchAll(
      /<tr><td>[^<]*<\/td><td>([^<]*) <span class="badge[^"]*">ephemeral<\/span><\/td><td>([\s\S]*?)<\/td><td>[^<]*<\/td><\/tr>/g,
    ),
  ];
  return rows.map((m) => ({ user: unescape(m[1] as string), text: unescape(m[2] as string) }));
}
