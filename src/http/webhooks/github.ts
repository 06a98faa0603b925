import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import { z } from 'zod';
import type { Logger } from '../../observability/logger.js';
import type { GithubPayload } from '../../services/changelog.js';
import type { WorkflowRunPayload } from '../../services/smoke.js';
import type { DeliveryOutcome } from '../../services/workItems.js';
import { reply, type RouteHandler } from '../routes.js';
import { deliveryStatus, readBody, WEBHOOK_BODY_LIMIT } from './linear.js';

// Only what Paceline reads is checked; GitHub sends much more, and new fields must not break it.
const Payload = z.looseObject({
  action: z.string().optional(),
  repository: z.looseObject({ full_name: z.string() }).optional(),
  pull_request: z
    .looseObject({
      number: z.number().int(),
      title: z.string(),
      body: z.string().nullish(),
      html_url: z.string(),
      merged: z.boolean().nullish(),
      merged_at: z.string().nullish(),
      head: z.looseObject({ ref: z.string() }),
      user: z.looseObject({ login: z.string() }).nullish(),
      draft: z.boolean().nullish(),
    })
    .optional(),
  review: z.looseObject({ state: z.string(), user: z.looseObject({ login: z.string() }).nullish() }).optional(),
  workflow_run: z
    .looseObject({
      id: z.number().int(),
      name: z.string().nullish(),
      run_number: z.number().int().optional(),
      conclusion: z.string().nullish(),
      html_url: z.string(),
      head_branch: z.string().nullish(),
    })
    .optional(),
});

/**
 * POST /webhooks/github. X-Hub-Signature-256 (HMAC-SHA256 of the raw body) is checked with
 * GitHub's own library before anything is read from the body; nothing is stored for a request
 * that fails it. X-GitHub-Delivery is deduplicated by the service.
 */
export function githubWebhook(o: {
  secret: string;
  deliver: (deliveryId: string, event: string, payload: GithubPayload & WorkflowRunPayload) => Promise<DeliveryOutcome>;
  logger: Logger;
}): RouteHandler {
  const webhooks = new Webhooks({ secret: o.secret });
  return async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req, WEBHOOK_BODY_LIMIT).catch(() => undefined);
    if (raw === undefined) return reply(res, 400, { error: 'the request body could not be read' });
    if (raw === null) return reply(res, 413, { error: `the body is larger than ${WEBHOOK_BODY_LIMIT} bytes` });
    const signature = req.headers['x-hub-signature-256'];
    if (typeof signature !== 'string' || signature === '') return reply(res, 401, { error: 'missing X-Hub-Signature-256 header' });
    const text = raw.toString('utf8');
    if (!(await webhooks.verify(text, signature).catch(() => false))) return reply(res, 401, { error: 'invalid signature' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return reply(res, 400, { error: 'the body is not valid JSON (send the webhook as application/json)' });
    }
    const event = req.headers['x-github-event'];
    if (typeof event !== 'string' || event === '') return reply(res, 400, { error: 'missing X-GitHub-Event header' });
    const delivery = req.headers['x-github-delivery'];
    if (typeof delivery !== 'string' || delivery === '') return reply(res, 400, { error: 'missing X-GitHub-Delivery header' });
    const payload = Payload.safeParse(parsed);
    if (!payload.success) {
      const first = payload.error.issues[0];
      return reply(res, 400, {
        error: `not a GitHub ${event} payload: ${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`,
      });
    }
    try {
      const outcome = await o.deliver(delivery, event, payload.data);
      if (outcome.kind === 'unknown')
        o.logger.warn({ delivery, reason: outcome.reason }, 'a GitHub webhook for a repository Paceline does not track');
      const { status, body } = deliveryStatus(outcome);
      return reply(res, status, body);
    } catch (err) {
      // The database failed us, not the sender: GitHub lets a failed delivery be redelivered.
      o.logger.warn({ err, delivery }, 'could not process a GitHub webhook');
      res.setHeader('retry-after', '60');
      return reply(res, 503, { error: 'could not process the delivery now; retry later' });
    }
  };
}
