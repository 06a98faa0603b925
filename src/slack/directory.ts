import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/schema.js';
import { formatPath } from '../config/load.js';
import type { Directory } from '../domain/directory.js';

interface SlackUser {
  id?: string;
  name?: string;
  deleted?: boolean;
  profile?: { display_name?: string; email?: string };
}

function slackError(err: unknown): string {
  const data = (err as { data?: { error?: string } }).data;
  return data?.error ?? (err as Error).message;
}

/**
 * Resolves names to ids through the Web API: conversations.list for #names, users.list for
 * @handles (Slack's username or display name), users.lookupByEmail for emails; ids are checked
 * with conversations.info / users.info. Returns every problem with its path in the config.
 */
export async function resolveDirectory(client: WebClient, config: Config): Promise<{ directory: Directory; problems: string[] }> {
  const problems: string[] = [];
  const directory: Directory = { channels: new Map(), people: new Map() };

  const channelRefs: { path: (string | number)[]; ref: string }[] = [
    ...Object.entries(config.channels).map(([k, ref]) => ({ path: ['channels', k], ref })),
    ...config.streams.map((s, i) => ({ path: ['streams', i, 'channel'], ref: s.channel })),
  ];

  let byName: Map<string, string> | undefined;
  const channelsByName = async (): Promise<Map<string, string>> => {
    if (byName) return byName;
    byName = new Map();
    for await (const page of client.paginate('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
    }) as AsyncIterable<{ channels?: { id?: string; name?: string }[] }>) {
      for (const c of page.channels ?? []) if (c.id && c.name) byName.set(c.name, c.id);
    }
    return byName;
  };

  for (const { path, ref } of channelRefs) {
    if (directory.channels.has(ref)) continue;
    try {
      if (ref.startsWith('#')) {
        const id = (await channelsByName()).get(ref.slice(1));
        if (id === undefined) {
          problems.push(`${formatPath(path)}: "${ref}" was not found in the workspace (create it, or invite the app if it is private)`);
        } else directory.channels.set(ref, id);
      } else {
        await client.conversations.info({ channel: ref });
        directory.channels.set(ref, ref);
      }
    } catch (err) {
      problems.push(`${formatPath(path)}: "${ref}" could not be looked up in Slack (${slackError(err)})`);
    }
  }

  let users: SlackUser[] | undefined;
  const allUsers = async (): Promise<SlackUser[]> => {
    if (users) return users;
    users = [];
    for await (const page of client.paginate('users.list', { limit: 200 }) as AsyncIterable<{ members?: SlackUser[] }>) {
      users.push(...(page.members ?? []).filter((u) => !u.deleted));
    }
    return users;
  };

  for (const [i, person] of config.people.entries()) {
    const path = formatPath(['people', i, 'slack']);
    const ref = person.slack;
    try {
      if (ref.startsWith('@')) {
        const handle = ref.slice(1).toLowerCase();
        const matches = (await allUsers()).filter(
          (u) => u.name?.toLowerCase() === handle || u.profile?.display_name?.toLowerCase() === handle,
        );
        if (matches.length === 0) problems.push(`${path}: no Slack user is called "${ref}" (use their user id or email instead)`);
        else if (matches.length > 1)
          problems.push(`${path}: "${ref}" matches ${matches.length} Slack users (use their user id or email instead)`);
        else directory.people.set(person.key, matches[0]?.id as string);
      } else if (ref.includes('@')) {
        const res = await client.users.lookupByEmail({ email: ref });
        if (res.user?.id) directory.people.set(person.key, res.user.id);
        else problems.push(`${path}: no Slack user has the email ${ref}`);
      } else {
        await client.users.info({ user: ref });
        directory.people.set(person.key, ref);
      }
    } catch (err) {
      const code = slackError(err);
      problems.push(
        code === 'users_not_found' || code === 'user_not_found'
          ? `${path}: no Slack user matches "${ref}"`
          : `${path}: "${ref}" could not be looked up in Slack (${code})`,
      );
    }
  }
  return { directory, problems };
}
