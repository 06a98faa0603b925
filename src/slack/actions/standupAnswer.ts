import type { View } from '@slack/types';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { ANSWER_ACTION } from '../presenters/standup.js';
import { tellUser } from '../ephemeral.js';
import { refusalText } from '../presenters/index.js';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.action(ANSWER_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const runId = 'value' in action && action.value !== undefined ? Number.parseInt(action.value, 10) : Number.NaN;
    if (!Number.isInteger(runId)) {
      await tellUser({
        client,
        channel: body.channel?.id,
        user: body.user.id,
        text: 'That button is out of date; use /standup to answer today’s stand-up.',
        respond,
      });
      return;
    }
    const found = await deps.services.standups.runForMember(body.user.id, { runId });
    if (!found.ok) {
      await tellUser({ client, channel: body.channel?.id, user: body.user.id, text: refusalText(found.refusal), respond });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: (await deps.services.standups.modalFor(found.value)) as View });
  });
}
