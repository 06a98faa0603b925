import { SIGNING_SECRET } from './paceline.js';
import { postEvent } from './signedHttp.js';
import { slackApi, userToken } from './slackEmulator.js';

/**
 * A person writes in a thread, as themselves (their user token, in the emulator), and Slack
 * delivers the message event to the app, signed. Returns the reply's ts and the HTTP answer.
 */
export async function replyInThread(o: {
  apiUrl: string;
  appUrl: string;
  handle: string;
  userId: string;
  channel: string;
  threadTs: string;
  text: string;
}): Promise<{ ts: string; status: number }> {
  const posted = await slackApi<{ ok: boolean; ts: string; error?: string }>(
    o.apiUrl,
    'chat.postMessage',
    { channel: o.channel, thread_ts: o.threadTs, text: o.text },
    userToken(o.handle),
  );
  if (!posted.ok) throw new Error(`the emulator refused the reply: ${posted.error}`);
  const res = await postEvent(
    o.appUrl,
    {
      type: 'message',
      channel: o.channel,
      channel_type: 'channel',
      user: o.userId,
      text: o.text,
      ts: posted.ts,
      thread_ts: o.threadTs,
      event_ts: posted.ts,
    },
    { secret: SIGNING_SECRET },
  );
  return { ts: posted.ts, status: res.status };
}
