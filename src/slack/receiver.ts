import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { Logger } from '../observability/logger.js';

/** Slack signs with its wall clock; a request stamped further ahead than this is refused like an old one. */
const MAX_FUTURE_SKEW_S = 5 * 60;
const ENDPOINT = '/slack/events';

function reject(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(reason);
}

/**
 * The body Bolt would dispatch, or why it cannot be dispatched. Bolt reads `body.ssl_check`
 * and `body.type` on whatever JSON.parse returns, so a signed `null` (or a number, or an array)
 * crashed the process from inside its receiver; those are answered with 400 here instead.
 */
export function bodyProblem(raw: string, contentType: string | undefined): string | null {
  let parsed: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(raw);
      if (typeof form.payload !== 'string') return formProblem(form);
      parsed = JSON.parse(form.payload);
    } else {
      parsed = JSON.parse(raw);
    }
  } catch {
    return 'the body is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the body must be a JSON object';
  return payloadProblem(parsed as Record<string, unknown>);
}

// The interactive payloads Slack sends; Bolt cannot route anything else and fails with a 500.
const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
  'dialog_cancellation',
  'dialog_suggestion',
]);

const SUGGESTION_TYPES = new Set(['block_suggestion', 'dialog_suggestion']);
const ACTION_TYPES = new Set(['block_actions', 'interactive_message']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A slash command (or Slack's ssl_check) as a flat form. */
function formProblem(form: Record<string, unknown>): string | null {
  if (form.ssl_check === '1') return null;
  if (typeof form.command !== 'string' || !form.command.startsWith('/')) return 'a slash command needs a "command" field starting with /';
  if (typeof form.user_id !== 'string' || form.user_id === '') return 'a slash command needs a "user_id"';
  if (typeof form.text !== 'string') return 'a slash command needs a "text" field (it may be empty)';
  return null;
}

/**
 * The fields Bolt and our listeners read without checking: a payload without them is refused
 * here with the reason, not turned into a TypeError (a 500, or a 3-second silence) later.
 */
function payloadProblem(body: Record<string, unknown>): string | null {
  const type = body.type;
  if (type === 'url_verification' || type === 'app_rate_limited') return null;
  if (type === 'event_callback') {
    if (!isObject(body.event) || typeof body.event.type !== 'string') return 'an event callback needs an "event" with a "type"';
    return fieldProblems(body.event, 'event');
  }
  if (typeof type !== 'string') return 'the payload needs a "type"';
  if (!INTERACTIVE_TYPES.has(type)) return `"${type.slice(0, 40)}" is not a type of Slack payload`;
  if (!isObject(body.user) || typeof body.user.id !== 'string' || !SLACK_ID.test(body.user.id))
    return `a ${type} payload needs a "user" with an "id"`;
  if ((type === 'view_submission' || type === 'view_closed') && !isObject(body.view)) return `a ${type} payload needs a "view"`;
  if (type === 'view_submission') {
    const view = body.view as Record<string, unknown>;
    if (typeof view.callback_id !== 'string') return 'a view_submission needs a "view.callback_id"';
    if (!isObject(view.state) || !isObject(view.state.values)) return 'a view_submission needs "view.state.values"';
  }
  if (type === 'block_actions' && !Array.isArray(body.actions)) return 'a block_actions payload needs "actions"';
  // Bolt routes a payload by the fields it carries before its type (event, command, name,
  // actions); one whose fields say something else than its type would reach no listener.
  if (body.event !== undefined || body.command !== undefined) return `a ${type} payload cannot carry "event" or "command"`;
  if (body.name !== undefined && !SUGGESTION_TYPES.has(type)) return `a ${type} payload cannot carry "name"`;
  if (body.actions !== undefined && !ACTION_TYPES.has(type)) return `a ${type} payload cannot carry "actions"`;
  if (
    body.actions !== undefined &&
    (!Array.isArray(body.actions) || !body.actions.every((a) => isObject(a) && typeof a.action_id === 'string'))
  )
    return '"actions" must be a list of actions, each with an "action_id"';
  if (body.view !== undefined && !isObject(body.view)) return '"view" must be an object';
  if (body.message !== undefined && !isObject(body.message)) return '"message" must be an object';
  return fieldProblems(body, 'payload');
}

// Slack user, bot and conversation ids: capital letters and digits.
const SLACK_ID = /^[A-Z][A-Z0-9]{2,}$/;

/** Fields Bolt reads to route a request: when present they have the shape Slack always gives them. */
function fieldProblems(o: Record<string, unknown>, where: string): string | null {
  if ('channel' in o && !(typeof o.channel === 'string' || (isObject(o.channel) && typeof o.channel.id === 'string')))
    return `${where} "channel" must be a channel id or an object with one`;
  if ('user' in o && where === 'event' && !(typeof o.user === 'string' || isObject(o.user))) return 'event "user" must be a user id';
  if ('team' in o && o.team !== null && !isObject(o.team)) return `${where} "team" must be an object`;
  if ('item' in o && !isObject(o.item)) return `${where} "item" must be an object`;
  if ('message' in o && where === 'event' && !isObject(o.message)) return 'event "message" must be an object';
  return null;
}

/**
 * Bolt's HTTP receiver with a guard in front of /slack/events: the request is buffered and its
 * timestamp and shape checked before Bolt sees it (Bolt reuses the buffered body, so the
 * signature is still verified by Bolt itself). Everything else (custom routes, 404s) is Bolt's.
 */
export class GuardedHTTPReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions & { wallClock: Clock; guardLogger: Logger }) {
    super(options);
    const bolt = this.requestListener;
    const bodyLimit = options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
    const { wallClock, guardLogger } = options;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== ENDPOINT || req.method?.toUpperCase() !== 'POST') {
        bolt(req, res);
        return;
      }
      void (async () => {
        try {
          const stamp = Number(req.headers['x-slack-request-timestamp']);
          if (Number.isFinite(stamp) && stamp - wallClock.now().getTime() / 1000 > MAX_FUTURE_SKEW_S) {
            guardLogger.warn({ stamp }, 'refused a Slack request stamped more than 5 minutes in the future');
            reject(res, 401, 'request timestamp is more than 5 minutes in the future');
            return;
          }
          const buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit);
          const problem = bodyProblem(buffered.rawBody.toString('utf8'), req.headers['content-type']);
          if (problem !== null) {
            // Only a request that carries a valid signature learns why; others get Bolt's 401.
            const signed = HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: options.signingSecret }, buffered).then(
              () => true,
              () => false,
            );
            if (await signed) reject(res, 400, problem);
            else reject(res, 401, 'invalid signature');
            return;
          }
          bolt(buffered, res);
        } catch (err) {
          const e = err as { statusCode?: number; type?: string };
          if (e.type === 'entity.too.large' || e.statusCode === 413) {
            reject(res, 413, `the body is larger than ${bodyLimit} bytes`);
            return;
          }
          guardLogger.warn({ err }, 'could not read a request to /slack/events');
          reject(res, 400, 'the request body could not be read');
        }
      })();
    };
  }
}
