import type { KnownBlock } from '@slack/types';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { localDate, sprintPosition } from '../../domain/calendar.js';
import { parseSprintCommand } from '../../domain/sprintCommand.js';
import { sprintHeadline, sprintStatusBlocks } from '../presenters/sprintStatus.js';
import { refusalText } from '../presenters/index.js';

const HELP =
  '*/sprint* — the sprint at a glance, and work for teams without Linear\n' +
  '• `/sprint` or `/sprint status [stream]` — which day of the sprint it is, the streams, their leads and channels, and each stream’s points done / remaining and work in progress\n' +
  '• `/sprint points GOV-12 5 [stream]` — an item’s estimate; a new item joins the current sprint (in the stream named, the one its prefix maps to, or yours)\n' +
  '• `/sprint done GOV-12` — the item is done\n' +
  '• `/sprint digest` — the Monday executive digest as it stands now (only you see it)\n' +
  '• `/sprint help` — this text';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.command('/sprint', async ({ command, ack }) => {
    const parsed = parseSprintCommand(
      command.text,
      deps.config.streams.map((s) => s.key),
    );
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: refusalText(parsed.refusal, HELP) });
      return;
    }
    const cmd = parsed.value;
    const work = deps.services.workItems;
    switch (cmd.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', text: HELP });
        return;
      case 'digest': {
        const message = await deps.services.digest.now();
        await ack(
          message === null
            ? { response_type: 'ephemeral', text: 'No sprint is running today, so there is no digest to show.' }
            : { response_type: 'ephemeral', text: message.text, blocks: message.blocks as KnownBlock[] },
        );
        return;
      }
      case 'points':
      case 'done': {
        // Stored (one transaction) before the acknowledgement says so.
        const out =
          cmd.kind === 'points'
            ? await work.setPoints({ ...cmd, actor: command.user_id })
            : await work.markDone({ ...cmd, actor: command.user_id });
        await ack({ response_type: 'ephemeral', text: out.ok ? out.value : refusalText(out.refusal) });
        return;
      }
      case 'status': {
        const now = deps.clock.now();
        const position = sprintPosition(deps.config, now);
        const today = localDate(now, deps.config.timezone);
        const streamWork = position === null ? [] : await work.work(position.sprintNumber);
        await ack({
          response_type: 'ephemeral',
          text: sprintHeadline(deps.config, position, today),
          blocks: sprintStatusBlocks(deps.config, deps.directory, position, today, { work: streamWork, streamKey: cmd.streamKey }),
        });
      }
    }
  });
}
