// A post as Paceline records it before it goes to Slack: the intent is stored first (with the
// change it announces), the ts after, so a crash in between neither loses nor doubles it.

/** A message as Paceline posts it: text plus optional Block Kit blocks. */
export interface StoredMessage {
  text: string;
  blocks?: unknown[];
}

/** An intent to post, written in the same transaction as the state change it announces. */
export interface PostIntent {
  purpose: string;
  channelId: string;
  threadTs?: string | null;
  message: StoredMessage;
}
