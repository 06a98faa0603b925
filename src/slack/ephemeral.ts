import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * Tells one person something only they see, in the conversation they are in. chat.postEphemeral
 * needs the bot in that conversation; where it is not (a DM with someone else, a channel it was
 * not invited to), the request's response_url still reaches the person.
 */
export async function tellUser(o: {
  client: WebClient;
  channel: string | undefined;
  user: string;
  text: string;
  threadTs?: string;
  respond?: RespondFn;
}): Promise<void> {
  if (o.channel !== undefined) {
    try {
      await o.client.chat.postEphemeral({
        channel: o.channel,
        user: o.user,
        text: o.text,
        ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
      });
      return;
    } catch (err) {
      if (o.respond === undefined) throw err;
    }
  }
  if (o.respond !== undefined) await o.respond({ response_type: 'ephemeral', replace_original: false, text: o.text });
}
