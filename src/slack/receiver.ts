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
      if (typeof form.payload !== 'string') return null; // a slash command: a flat form is always an object
      parsed = JSON.parse(form.payload);
    } else {
      parsed = JSON.parse(raw);
    }
  } catch {
    return 'the body is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the body must be a JSON object';
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
