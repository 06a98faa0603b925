import { localDate } from '../../domain/calendar.js';
import { parseTigerCommand } from '../../domain/tigerCommand.js';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { refusalText } from '../presenters/index.js';

const HELP =
  '*/tiger* — the Tiger Crew rotation\n' +
  '• `/tiger` — today’s crew and the next working days\n' +
  '• `/tiger swap @from @to <date>` — @from’s shift that day goes to @to\n' +
  '• `/tiger cover @me <date>` — take an extra shift\n' +
  '• `/tiger ooo <from> <to>` — you are out; no shifts, no stand-up reminders\n' +
  'Dates are YYYY-MM-DD, `today` or `tomorrow`.';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.command('/tiger', async ({ command, ack }) => {
    const today = localDate(deps.clock.now(), deps.config.timezone);
    const parsed = parseTigerCommand(command.text, today);
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: refusalText(parsed.refusal, HELP) });
      return;
    }
    const cmd = parsed.value;
    const tiger = deps.services.tigerCrew;
    const actor = command.user_id;
    // Each of these reads and writes the database only: the change is stored before the
    // acknowledgement says so; the announcement is updated after it (and by the next tick if
    // the process dies in between).
    let text: string;
    let changed: string | undefined;
    switch (cmd.kind) {
      case 'help':
        text = HELP;
        break;
      case 'show':
        text = await tiger.show();
        break;
      case 'swap':
      case 'cover': {
        const out = cmd.kind === 'swap' ? await tiger.swap({ ...cmd, actor }) : await tiger.cover({ ...cmd, actor });
        text = out.ok ? out.value : refusalText(out.refusal);
        if (out.ok) changed = cmd.date;
        break;
      }
      case 'ooo': {
        const out = await tiger.ooo({ ...cmd, actor });
        text = out.ok ? out.value : refusalText(out.refusal);
        break;
      }
    }
    await ack({ response_type: 'ephemeral', text });
    if (changed !== undefined) {
      try {
        await tiger.refreshAnnouncement(changed);
      } catch (err) {
        deps.logger.warn({ err, date: changed }, 'the Tiger Crew change is stored; its announcement is updated by the next tick');
      }
    }
  });
}
