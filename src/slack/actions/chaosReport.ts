import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { tellUser } from '../ephemeral.js';
import { CHAOS_REPORT_ACTION, chaosReportModal } from '../presenters/ceremonies.js';

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.action(CHAOS_REPORT_ACTION, async ({ ack, action, body, client, respond }) => {
    await ack();
    const value = 'value' in action ? action.value : undefined;
    const week = value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : null;
    const drill = week === null ? null : await deps.services.chaosDrill.drillOfWeek(week);
    if (drill === null) {
      await tellUser({
        client,
        channel: body.channel?.id,
        user: body.user.id,
        text: 'That chaos drill is not known any more; ask an admin.',
        respond,
      });
      return;
    }
    const stream = deps.config.streams.find((s) => s.key === drill.streamKey);
    await client.views.open({ trigger_id: body.trigger_id, view: chaosReportModal(drill.week, stream?.name ?? drill.streamKey) });
  });
}
