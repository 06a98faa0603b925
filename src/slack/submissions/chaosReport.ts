import { z } from 'zod';
import type { Deps } from '../../deps.js';
import type { Surfaces } from '../surfaces.js';
import { readMetadata } from './metadata.js';
import { CHAOS_REPORT_CALLBACK, OUTCOMES } from '../views/ceremonies.js';

const Metadata = z.object({ week: z.number().int().positive() });

export function register(surfaces: Surfaces, deps: Deps): void {
  surfaces.view(CHAOS_REPORT_CALLBACK, async ({ ack, view, body, client }) => {
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
    await ack();
    const saved = await deps.services.ceremonies.reportDrill(week, {
      outcome,
      findings: values.findings?.value?.value ?? '',
      followUps: values.followUps?.value?.value ?? '',
      by: body.user.id,
    });
    if (!saved.ok) await client.chat.postMessage({ channel: body.user.id, text: saved.text });
  });
}
