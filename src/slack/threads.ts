import type { WebClient } from '@slack/web-api';

export interface ThreadReply {
  ts: string;
  user: string;
  text: string;
}

/** The replies people wrote in a thread (not its parent, not bots, not system messages), oldest first. */
export async function* humanReplies(slack: WebClient, channel: string, threadTs: string): AsyncGenerator<ThreadReply> {
  const pages = slack.paginate('conversations.replies', { channel, ts: threadTs, limit: 200 }) as AsyncIterable<{
    messages?: { ts?: string; user?: string; text?: string; bot_id?: string; subtype?: string }[];
  }>;
  for await (const page of pages) {
    for (const m of page.messages ?? []) {
      if (m.ts === undefined || m.ts === threadTs || m.user === undefined || m.bot_id !== undefined || m.subtype !== undefined) continue;
      yield { ts: m.ts, user: m.user, text: m.text ?? '' };
    }
  }
}
