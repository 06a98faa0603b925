import type { ListenerDeps } from '../../deps.js';
import type { ActionArgs, Surfaces } from '../surfaces.js';
import { BLOCKER_ACTIONS, resolveModal } from '../presenters/blocker.js';
import { tellUser } from '../ephemeral.js';
import { outcomeText, refusalText } from '../presenters/index.js';

function blockerNumber(args: ActionArgs): number | null {
  const value = 'value' in args.action ? args.action.value : undefined;
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  const reply = (args: ActionArgs, text: string) =>
    tellUser({ client: args.client, channel: args.body.channel?.id, user: args.body.user.id, text, respond: args.respond });

  // Acknowledge and Swarm open nothing, so their work waits in the queue behind the ack.
  surfaces.buttonWork(BLOCKER_ACTIONS.ack, async (args) => {
    const n = blockerNumber(args);
    if (n === null) return void (await reply(args, 'That button does not name a blocker; use `/blocker list`.'));
    const out = await deps.services.blockers.ack(n, args.body.user.id);
    if (!out.ok) await reply(args, refusalText(out.refusal));
  });

  surfaces.buttonWork(BLOCKER_ACTIONS.swarm, async (args) => {
    const n = blockerNumber(args);
    if (n === null) return void (await reply(args, 'That button does not name a blocker; use `/blocker list`.'));
    const out = await deps.services.blockers.swarm(n, args.body.user.id);
    await reply(args, outcomeText(out));
  });

  surfaces.action(BLOCKER_ACTIONS.resolve, async (args) => {
    await args.ack();
    const n = blockerNumber(args);
    if (n === null) return void (await reply(args, 'That button does not name a blocker; use `/blocker list`.'));
    // The same refusals as /blocker resolve, from the same rule.
    const refused = await deps.services.blockers.precheck({ kind: 'resolve', number: n, note: '' }, args.body.user.id);
    if (refused !== null) return void (await reply(args, refusalText(refused)));
    const b = await deps.services.blockers.byNumber(n);
    if (b === null) return void (await reply(args, `There is no blocker B-${n}. \`/blocker list\` shows the open ones.`));
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: resolveModal(n, b.text) });
  });
}
