// Slack's documented Web API rate limits, as Paceline paces its own calls (rather than finding
// them out from 429s). Pure: the pacing state and an instant in, when a call may start out.

/** Calls a minute per method (Slack's tiers: 1 = 1+, 2 = 20+, 3 = 50+, 4 = 100+ a minute). */
export const PER_MINUTE: Readonly<Record<string, number>> = {
  'chat.postMessage': 300, // "several hundred a minute" across the workspace, besides 1 a second per channel
  'chat.update': 50,
  'chat.postEphemeral': 100,
  'chat.getPermalink': 100,
  'conversations.history': 50,
  'conversations.replies': 50,
  'conversations.open': 50,
  'conversations.list': 20,
  'users.list': 20,
  'users.info': 100,
  'views.publish': 100,
  'views.open': 100,
  'reactions.add': 50,
  'files.getUploadURLExternal': 20,
  'files.completeUploadExternal': 20,
  'files.list': 20,
  'usergroups.users.update': 20,
};
/** chat.postMessage: one message a second in a conversation. */
export const PER_CHANNEL_MS = 1000;

/**
 * The pacing of one limit, first come first served: `window` holds the start times given to the
 * calls let out so far (in order). A call arriving at `now` may start then when fewer than
 * `limit` of them fall within `windowMs` before it; else as soon as one leaves the window.
 * Returns that instant and records it. (For chat.postMessage the start can move later still,
 * to keep a conversation at one a second; that only ever spreads calls out.)
 */
export function nextStart(window: number[], now: number, limit: number, windowMs: number): number {
  const last = window.at(-1) ?? Number.NEGATIVE_INFINITY;
  const from = Math.max(now, last);
  while (window.length > 0 && (window[0] as number) <= from - windowMs) window.shift();
  const at = window.length < limit ? from : (window[window.length - limit] as number) + windowMs;
  window.push(at);
  return at;
}
