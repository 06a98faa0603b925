import type { WebClient } from '@slack/web-api';
import type { PersonStatus, Workspace } from '../services/ports.js';

/** The Workspace port on Slack's Web API. */
export function slackWorkspace(client: WebClient): Workspace {
  return {
    async personStatus(slackId: string): Promise<PersonStatus> {
      try {
        const info = await client.users.info({ user: slackId });
        return info.user?.deleted === true ? 'deactivated' : 'member';
      } catch (err) {
        return (err as { data?: { error?: string } }).data?.error === 'user_not_found' ? 'unknown' : 'unanswered';
      }
    },
    async setUserGroup(userGroup, slackIds) {
      await client.usergroups.users.update({ usergroup: userGroup, users: slackIds.join(',') });
    },
    async permalink(channel, ts) {
      try {
        return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? '';
      } catch {
        return '';
      }
    },
    async react(channel, ts, emoji) {
      await client.reactions.add({ channel, timestamp: ts, name: emoji }).catch(() => undefined);
    },
  };
}
