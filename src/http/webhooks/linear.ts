import type { IncomingMessage, ServerResponse } from 'node:http';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { z } from 'zod';
import type { Logger } from '../../observability/logger.js';
import type { DeliveryOutcome, LinearPayload } from '../../services/workItems.js';
import { reply, type RouteHandler } from '../routes.js';

/** Webhook bodies are small JSON documents; anything larger is refused before it is read whole. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Reads a request body up to a limit; null when it is larger. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const Payload = z.object({
  type: z.string(),
  action: z.string(),
  data: z.object({ id: z.string(), identifier: z.string().optional() }),
});

/** What a delivery outcome means to the sender. */
export function deliveryStatus(outcome: DeliveryOutcome): { status: number; body: Record<string, unknown> } {
  switch (outcome.kind) {
    case 'applied':
      return { status: 200, body: { ok: true, item: outcome.identifier, changes: outcome.changes.map((c) => c.kind) } };
    case 'duplicate':
      return { status: 200, body: { ok: true, duplicate: true } };
    case 'ignored':
      return { status: 200, body: { ok: true, ignored: outcome.reason } };
    case 'unknown':
      return { status: 202, body: { ok: true, unknown: outcome.reason } };
  }
}

/**
 * POST /webhooks/linear. The signature (Linear-Signature, HMAC of the raw body) and the signed
 * webhookTimestamp (within a minute) are checked by Linear's SDK before anything is read from
 * the body; nothing is stored for a request that fails them.
 */
export function linearWebhook(o: {
  secret: string;
  deliver: (deliveryId: string, payload: LinearPayload) => Promise<DeliveryOutcome>;
  logger: Logger;
}): RouteHandler {
  const verifier = new LinearWebhookClient(o.secret);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req, WEBHOOK_BODY_LIMIT).catch(() => undefined);
    if (raw === undefined) return reply(res, 400, { error: 'the request body could not be read' });
    if (raw === null) return reply(res, 413, { error: `the body is larger than ${WEBHOOK_BODY_LIMIT} bytes` });
    const signature = req.headers['linear-signature'];
    if (typeof signature !== 'string' || signature === '') return reply(res, 401, { error: 'missing Linear-Signature header' });
    let parsed: unknown;
    try {
      parsed = verifier.parseData(raw, signature);
    } catch (err) {
      if (err instanceof SyntaxError) return reply(res, 400, { error: 'the body is not valid JSON' });
      const message = (err as Error).message;
      if (/timestamp/i.test(message))
        return reply(res, 401, { error: 'webhookTimestamp is missing or more than a minute from now (a replayed or delayed delivery)' });
      return reply(res, 401, { error: 'invalid signature' });
    }
    const payload = Payload.safeParse(parsed);
    if (!payload.success) {
      const first = payload.error.issues[0];
      return reply(res, 400, { error: `not a Linear webhook payload: ${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}` });
    }
    const delivery = req.headers['linear-delivery'];
    if (typeof delivery !== 'string' || delivery === '') return reply(res, 400, { error: 'missing Linear-Delivery header' });
    try {
      const outcome = await o.deliver(delivery, payload.data);
      if (outcome.kind === 'unknown')
        o.logger.warn({ delivery, reason: outcome.reason }, 'a Linear webhook for work Paceline does not track');
      const { status, body } = deliveryStatus(outcome);
      return reply(res, status, body);
    } catch (err) {
      // Linear or the database failed us, not the sender: Linear retries a delivery that fails.
      o.logger.warn({ err, delivery }, 'could not process a Linear webhook; Linear will retry it');
      res.setHeader('retry-after', '60');
      return reply(res, 503, { error: 'could not process the delivery now; retry later' });
    }
  };
}
