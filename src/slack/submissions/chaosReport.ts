import { z } from 'zod';
import type { ListenerDeps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { readMetadata } from './metadata.js';
import { refusalText } from '../presenters/index.js';
import { CHAOS_REPORT_CALLBACK, OUTCOMES } from '../presenters/ceremonies.js';

const Metadata = z.object({ week: z.number().int().positive() });

export function register(surfaces: Surfaces, deps: ListenerDeps): void {
  surfaces.view(CHAOS_REPORT_CALLBACK, async ({ ack, view, body }) => {
    const metadata = readMetadata(Metadata, view.private_metadata);
    if (metadata === null) {
      await ack({ response_action: 'errors', errors: { outcome: 'This form is out of date; press Report on the drill post again.' } });
      return;
    }
    const week = metadata.week;
    const values = view.state.values;
    const outcome = values.outcome?.value?.selected_option?.value ?? '';
    if (!(OUTCOMES as readonly string[]).includes(outcome)) {
      await ack({ response_action: 'errors', errors: { outcome: 'Choose passed, partial or failed.' } });
      return;
    }
    // Stored before the modal closes; if the database cannot take it, the modal stays open.
    let saved;
    try {
      saved = await deps.services.chaosDrill.recordDrillReport(week, {
        outcome,
        findings: values.findings?.value?.value ?? '',
        followUps: values.followUps?.value?.value ?? '',
        by: body.user.id,
      });
    } catch (err) {
      deps.logger.error({ err, week }, 'saving a chaos drill report failed');
      await ack({
        response_action: 'errors',
        errors: { outcome: 'Paceline could not save this right now; nothing was saved. Press Save again in a minute.' },
      });
      return;
    }
    if (!saved.ok) {
      await ack({ response_action: 'errors', errors: { outcome: refusalText(saved.refusal) } });
      return;
    }
    await ack();
    await deps.services.chaosDrill.showDrillReport(week);
  });
}
