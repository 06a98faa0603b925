import { parseBlockerCommand } from '../../domain/blockerCommand.js';
import type { Deps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { tellUser } from '../ephemeral.js';

export const BLOCKER_HELP =
  '*/blocker* — file and track blockers\n' +
  '• `/blocker <what is blocked> [#cross-stream] [@owner] [stream:<key>] [needs:<key>]` files one (your stream by default; `needs:` names the stream whose help you need and makes it cross-stream)\n' +
  '• `/blocker list [mine|stream:<key>|all]` lists them\n' +
  '• `/blocker ack <id>` · `/blocker resolve <id> [note]` · `/blocker reopen <id>`\n' +
  'New blockers page today’s Tiger Crew at once; cross-stream ones unresolved after 4 h go to both streams’ leads and the escalation channel.';

export function register(surfaces: Surfaces, deps: Deps): void {
  surfaces.command('/blocker', async ({ command, ack, respond, client }) => {
    const parsed = parseBlockerCommand(
      command.text,
      deps.config.streams.map((s) => s.key),
    );
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: `${parsed.error}\n\n${BLOCKER_HELP}` });
      return;
    }
    const cmd = parsed.command;
    if (cmd.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: BLOCKER_HELP });
      return;
    }
    // Refusals are quick to decide (database reads only) and go back in the acknowledgement.
    const problem = await deps.services.blockers.precheck(cmd, command.user_id);
    if (problem !== null) {
      await ack({ response_type: 'ephemeral', text: problem });
      return;
    }
    // Filing posts to Slack and pages people: acknowledge first, then tell the person.
    await ack();
    const { blockers } = deps.services;
    const user = command.user_id;
    let outcome: { ok: true; message: string } | { ok: false; problem: string };
    switch (cmd.kind) {
      case 'create':
        outcome = await blockers.create(cmd, user, 'command');
        break;
      case 'list':
        outcome = { ok: true, message: await blockers.list(cmd.filter, user) };
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
    await tellUser({ client, channel: command.channel_id, user, text: outcome.ok ? outcome.message : outcome.problem, respond });
  });
}
