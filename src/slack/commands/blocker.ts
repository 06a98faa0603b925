import { parseBlockerCommand } from '../../domain/blockerCommand.js';
import { ok, type Result } from '../../domain/result.js';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { tellUser } from '../ephemeral.js';
import { outcomeText, refusalText } from '../presenters/index.js';

export const BLOCKER_HELP =
  '*/blocker* — file and track blockers\n' +
  '• `/blocker <what is blocked> [#cross-stream] [@owner] [stream:<key>] [needs:<key>]` files one (your stream by default; `needs:` names the stream whose help you need and makes it cross-stream)\n' +
  '• `/blocker list [mine|stream:<key>|all]` lists them\n' +
  '• `/blocker ack <id>` · `/blocker resolve <id> [note]` · `/blocker reopen <id>`\n' +
  'New blockers page today’s Tiger Crew at once; cross-stream ones unresolved after 4 h go to both streams’ leads and the escalation channel.';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.command('/blocker', async ({ command, ack, respond, client }) => {
    const parsed = parseBlockerCommand(
      command.text,
      deps.config.streams.map((s) => s.key),
    );
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: refusalText(parsed.refusal, BLOCKER_HELP) });
      return;
    }
    const cmd = parsed.value;
    if (cmd.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: BLOCKER_HELP });
      return;
    }
    // Refusals are quick to decide (database reads only) and go back in the acknowledgement.
    const refused = await deps.services.blockers.precheck(cmd, command.user_id);
    if (refused !== null) {
      await ack({ response_type: 'ephemeral', text: refusalText(refused) });
      return;
    }
    const { blockers } = deps.services;
    const user = command.user_id;
    if (cmd.kind === 'create') {
      // Durable before the acknowledgement: the blocker is stored (one transaction) before the
      // person is told it is filed; the Slack posts and pages come after, from what is stored.
      // A replay of the same request (same trigger_id) finds the blocker it filed.
      const filed = await blockers.file(cmd, user, 'command', { requestId: command.trigger_id });
      await ack({ response_type: 'ephemeral', text: outcomeText(filed) });
      if (!filed.ok || !filed.value.created) return;
      const { number } = filed.value.blocker;
      try {
        await blockers.publishSoon(number);
      } catch (err) {
        // Stored and acknowledged: the every-minute sweep shows it once Slack answers again.
        deps.logger.warn({ err, blocker: number }, 'filed a blocker but could not show it in Slack yet');
      }
      return;
    }
    // The others post to Slack (a list is read only): acknowledge first, then tell the person.
    await ack();
    let outcome: Result<{ message: string }>;
    switch (cmd.kind) {
      case 'list':
        outcome = ok({ message: await blockers.list(cmd.filter, user) });
        break;
      case 'ack':
        outcome = await blockers.ack(cmd.number, user);
        break;
      case 'reopen':
        outcome = await blockers.reopen(cmd.number, user);
        break;
      case 'resolve':
        outcome = await blockers.resolve(cmd.number, user, cmd.note);
        break;
    }
    await tellUser({ client, channel: command.channel_id, user, text: outcomeText(outcome), respond });
  });
}
