import { createHmac, randomUUID } from 'node:crypto';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:<timestamp>:<raw body>"). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedOptions {
  secret: string;
  /** Unix seconds; Slack's receiver rejects anything more than 5 minutes off its own clock. */
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
}

export async function postSigned(url: string, body: string, contentType: string, o: SignedOptions): Promise<Response> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': o.signature ?? slackSignature(o.secret, timestamp, body),
      ...o.headers,
    },
    body,
  });
}

export interface SlashCommand {
  command: string;
  text?: string;
  user_id: string;
  channel_id?: string;
  user_name?: string;
  /** Slack gives every invocation its own; pass one to replay the same invocation. */
  trigger_id?: string;
}

let triggerCounter = 0;

/** A slash command as Slack sends it: form-encoded, signed, to /slack/events. */
export function postSlashCommand(baseUrl: string, cmd: SlashCommand, o: SignedOptions): Promise<Response> {
  const form = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T000000001',
    team_domain: 'paceline-test',
    channel_id: cmd.channel_id ?? 'C000000001',
    channel_name: 'general',
    user_id: cmd.user_id,
    user_name: cmd.user_name ?? 'someone',
    command: cmd.command,
    text: cmd.text ?? '',
    api_app_id: 'A000000001',
    response_url: `${baseUrl}/unused-response-url`,
    trigger_id: cmd.trigger_id ?? `${++triggerCounter}.${randomUUID()}`,
  });
  return postSigned(`${baseUrl}/slack/events`, form.toString(), 'application/x-www-form-urlencoded', o);
}

let eventCounter = 0;

/** An Events API callback as Slack sends it: JSON, signed, to /slack/events. */
export function postEvent(baseUrl: string, event: Record<string, unknown>, o: SignedOptions & { eventId?: string }): Promise<Response> {
  eventCounter += 1;
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T000000001',
    api_app_id: 'A000000001',
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${Date.now()}${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  return postSigned(`${baseUrl}/slack/events`, body, 'application/json', o);
}

/** An interaction (button, modal submission) as Slack sends it: form field `payload`, signed. */
export function postInteraction(baseUrl: string, payload: Record<string, unknown>, o: SignedOptions): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(`${baseUrl}/slack/events`, body, 'application/x-www-form-urlencoded', o);
}

/** A button pressed by a person on a message in a channel, as Slack sends the block action. */
export function postBlockAction(
  baseUrl: string,
  o: { userId: string; handle: string; actionId: string; value: string; channel: { id: string; name: string }; triggerId?: string },
  signed: SignedOptions,
): Promise<Response> {
  return postInteraction(
    baseUrl,
    {
      type: 'block_actions',
      user: { id: o.userId, username: o.handle, team_id: 'T000000001' },
      team: { id: 'T000000001', domain: 'paceline-test' },
      api_app_id: 'A000000001',
      token: 'legacy',
      trigger_id: o.triggerId ?? '1.2.3',
      container: { type: 'message', message_ts: '1', channel_id: o.channel.id },
      channel: o.channel,
      response_url: `${baseUrl}/unused`,
      actions: [{ type: 'button', action_id: o.actionId, block_id: 'b', value: o.value, action_ts: '1' }],
    },
    signed,
  );
}

/** A modal submitted by a person: its callback, private_metadata and plain-text field values. */
export function postViewSubmission(
  baseUrl: string,
  o: { userId: string; handle: string; callbackId: string; metadata: unknown; values: Record<string, string> },
  signed: SignedOptions,
): Promise<Response> {
  const values = Object.fromEntries(
    Object.entries(o.values).map(([block, value]) => [block, { value: { type: 'plain_text_input', value } }]),
  );
  return postInteraction(
    baseUrl,
    {
      type: 'view_submission',
      user: { id: o.userId, username: o.handle, team_id: 'T000000001' },
      team: { id: 'T000000001' },
      api_app_id: 'A000000001',
      trigger_id: '1.1',
      view: { id: 'V1', type: 'modal', callback_id: o.callbackId, private_metadata: JSON.stringify(o.metadata), state: { values } },
    },
    signed,
  );
}
