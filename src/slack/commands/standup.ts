import type { View } from '@slack/types';
import { shorten } from '../../domain/echo.js';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { refusalText } from '../presenters/index.js';

const HELP =
  '*/standup* — answer today’s stand-up\n' +
  '• `/standup` opens a form with the four questions, prefilled with what you answered so far\n' +
  '• or reply in the thread of the 09:00 prompt in your stream channel; edit the reply to change it\n' +
  '• `/standup help` — this text';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.command('/standup', async ({ command, ack, client }) => {
    const text = command.text.trim().toLowerCase();
    if (text === 'help') {
      await ack({ response_type: 'ephemeral', text: HELP });
      return;
    }
    if (text !== '') {
      await ack({
        response_type: 'ephemeral',
        text: `I don't know \`/standup ${shorten(command.text.trim())}\`. Use \`/standup\` to answer or \`/standup help\`.`,
      });
      return;
    }
    const found = await deps.services.standups.runForMember(command.user_id, { channelId: command.channel_id });
    if (!found.ok) {
      await ack({ response_type: 'ephemeral', text: refusalText(found.refusal) });
      return;
    }
    // The trigger id is only valid for 3 seconds: open the modal before anything slow.
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: (await deps.services.standups.modalFor(found.value)) as View });
  });
}
