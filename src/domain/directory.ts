// Who and where in Slack: the ids of the config's people and channels, learned at boot by
// slack/directory.ts. Plain data and lookups, so services can use it without knowing Slack.

/** Slack ids for every channel and person the config names, resolved once at boot. */
export interface Directory {
  /** config channel value (e.g. "#governance-core" or "C0123") → channel id */
  channels: Map<string, string>;
  /** person key → Slack user id */
  people: Map<string, string>;
}

/** The config key of the person with this Slack id, if they are in the config. */
export function personKey(directory: Directory, slackUserId: string): string | undefined {
  for (const [key, id] of directory.people) if (id === slackUserId) return key;
  return undefined;
}

export function channelId(directory: Directory, ref: string): string {
  const id = directory.channels.get(ref);
  if (id === undefined) throw new Error(`channel ${ref} was not resolved at boot`);
  return id;
}
