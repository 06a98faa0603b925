import { shorten } from '../../domain/echo.js';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { localDate, sprintPosition } from '../../domain/calendar.js';
import { sprintHeadline, sprintStatusBlocks } from '../presenters/sprintStatus.js';

const HELP =
  '*/sprint* — the sprint at a glance\n' +
  '• `/sprint` or `/sprint status` — which day of the sprint it is, the streams, their leads and channels\n' +
  '• `/sprint help` — this text';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.command('/sprint', async ({ command, ack }) => {
    const words = command.text.trim().split(/\s+/).filter(Boolean);
    const sub = (words[0] ?? 'status').toLowerCase();
    if (sub === 'help') {
      await ack({ response_type: 'ephemeral', text: HELP });
      return;
    }
    if (sub !== 'status' || words.length > 1) {
      await ack({
        response_type: 'ephemeral',
        text: `I don't know \`/sprint ${shorten(command.text.trim())}\`. Try \`/sprint\` for the sprint status or \`/sprint help\`.`,
      });
      return;
    }
    const now = deps.clock.now();
    const position = sprintPosition(deps.config, now);
    const today = localDate(now, deps.config.timezone);
    await ack({
      response_type: 'ephemeral',
      text: sprintHeadline(deps.config, position, today),
      blocks: sprintStatusBlocks(deps.config, deps.directory, position, today),
    });
  });
}
